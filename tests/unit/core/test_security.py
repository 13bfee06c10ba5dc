import pytest

from feedback_bot.phones import national_form, to_e164
from feedback_bot.security import PhoneVault, hash_api_token, new_api_token

VAULT = PhoneVault(phone_key="p" * 40, pseudonym_key="s" * 40)


def test_phone_encryption_round_trips_and_hides_the_number():
    token = VAULT.encrypt("+9647501234567")
    assert "7501234567" not in token
    assert VAULT.decrypt(token) == "+9647501234567"


def test_a_different_key_cannot_decrypt():
    other = PhoneVault(phone_key="q" * 40, pseudonym_key="s" * 40)
    with pytest.raises(ValueError, match="cannot be decrypted"):
        other.decrypt(VAULT.encrypt("+9647501234567"))


def test_pseudonyms_are_stable_keyed_and_distinct():
    a = VAULT.respondent_id("+9647501234567")
    assert a == VAULT.respondent_id("+9647501234567")
    assert a != VAULT.respondent_id("+9647501234568")
    assert a != PhoneVault(phone_key="p" * 40, pseudonym_key="t" * 40).respondent_id(
        "+9647501234567"
    )
    assert a != VAULT.lookup_hash("+9647501234567")[:24]


def test_api_tokens_are_random_and_stored_as_hashes():
    token = new_api_token()
    assert token != new_api_token()
    assert len(hash_api_token(token)) == 64 and token not in hash_api_token(token)


@pytest.mark.parametrize(
    "raw",
    [
        "+9647501234567",
        "whatsapp:+9647501234567",
        "07501234567",
        "9647501234567",
        "009647501234567",
        "+964 750 123 4567",
        "٠٧٥٠١٢٣٤٥٦٧",
        "۰۷۵۰۱۲۳۴۵۶۷",
    ],
)
def test_iraqi_numbers_in_every_written_form(raw):
    assert to_e164(raw) == "+9647501234567"


@pytest.mark.parametrize("raw", ["", "hello", "123", "whatsapp:", "+"])
def test_impossible_numbers_are_rejected(raw):
    assert to_e164(raw) is None


def test_foreign_numbers_keep_their_country():
    assert to_e164("+14155238886") == "+14155238886"


def test_national_form():
    assert national_form("+9647501234567") == "07501234567"
