"""The texts of the public pages (``GET /`` and ``GET /privacy``), Babel domain ``pages``.

Every text is marked here (``N_``) and translated when a page is drawn, so the templates
hold markup only. Placeholders are filled by ``web.public``: keywords come from the keyword
table (Arabic-script texts quote them «…»), numbers of days from the ``RETENTION_*``
settings, the emergency number from ``conversation.prompts.EMERGENCY_NUMBER``.
"""

from __future__ import annotations

from feedback_bot.i18n import N_

LANGUAGE = N_("Language")

# GET /
HOME_TITLE = N_("Model Police Stations: your voice on safety")
HOME_INTRO = N_(
    "Around each Model Police Station in Iraq, residents answer a short poll about safety and "
    "the police, by SMS or WhatsApp, in Arabic, Sorani Kurdish, Kurmanji Kurdish or English. "
    "The same residents are asked again a few weeks later, so the stations can see whether "
    "trust grows. You can also register for the stations' Open Days."
)
JOIN_HEADING = N_("How to take part")
JOIN_CODE = N_(
    "Send the code of your station (it is on the poster at the station, for example %(code)s) "
    "by SMS or WhatsApp to the number on the poster."
)
JOIN_SMS = N_("By SMS: %(number)s")
JOIN_WHATSAPP = N_("On WhatsApp: %(number)s")
JOIN_POLL = N_("Or send %(poll)s and choose your station from the list.")
JOIN_STEPS = N_(
    "You choose your language, read how your answers are protected, and answer a few short "
    "questions; it takes about two minutes. Taking part is voluntary and for adults (18 or "
    "older)."
)
JOIN_KEYWORDS = N_(
    "At any time, send %(help)s for help, %(privacy)s for privacy, %(stop)s to stop."
)
PRIVACY_HEADING = N_("Your privacy")
PRIVACY_SUMMARY = N_(
    "Your answers are confidential: stations see only totals. This is not an emergency line: "
    "in an emergency call %(emergency)s."
)
PRIVACY_LINK = N_("Read the privacy notice: what we keep, who sees it and for how long")
DEV_HEADING = N_("Development")
DEV_SIMULATOR = N_("Resident simulator: take the poll in the browser")
DEV_DASHBOARD = N_("Station dashboard (staff)")

# GET /privacy
PRIVACY_TITLE = N_("Privacy notice")
PRIVACY_INTRO = N_(
    "This notice explains what happens to what you tell the Model Police Stations poll by SMS "
    "or WhatsApp."
)
CONTROLLER_HEADING = N_("Who is responsible")
CONTROLLER = N_(
    "The service is run by the Model Police Stations programme of Iraq's Ministry of "
    "Interior, with the support of UNDP. The programme decides what is collected and why, and "
    "answers your questions."
)
CONTACT = N_("Contact: %(contact)s")
CONTACT_STATION = N_("To ask a question or to complain, ask at any Model Police Station.")
PURPOSE_HEADING = N_("Why we ask")
PURPOSE = N_(
    "To learn how safe residents feel and how much they trust the police around each Model "
    "Police Station, and how that changes over time, so that the stations serve residents "
    "better. We use your number only to send you this poll, a second poll a few weeks later "
    "(you may say no), and reminders of Open Days you registered for."
)
DATA_HEADING = N_("What we keep")
DATA = N_(
    "Your phone number (encrypted), your language and station, your gender and age group if "
    "you give them, your answers and your Open Day registrations. We never ask for your name "
    "or for details of a crime."
)
WHO_HEADING = N_("Who sees what")
WHO_STATIONS = N_(
    "Station commanders see only totals for their own station, and only when at least 10 "
    "people have answered: never your answers and never your number."
)
WHO_ANALYSTS = N_(
    "The programme's analysts see answers without your number, under a code, to study the results."
)
WHO_PROVIDERS = N_(
    "Twilio (the messaging company), WhatsApp (Meta) and your mobile operator carry the "
    "messages: they can see that you exchanged messages with us, and they keep their own "
    "records."
)
RETENTION_HEADING = N_("How long we keep it (days)")
RETENTION_MESSAGES = N_("Records of the messages we exchanged")
RETENTION_COMMENTS = N_("Comments you type")
RETENTION_CONTACT = N_("Your phone number, counted from your last message")
RETENTION_AFTER = N_(
    "After that your coded answers stay, under a code that is not your number, for the "
    "programme's statistics."
)
CHOICES_HEADING = N_("Your choices")
VOLUNTARY = N_(
    "Taking part is voluntary and only for adults (18 or older). You may stop at any "
    "question, and nothing happens to you whatever you answer, or if you do not answer."
)
STOP = N_(
    "Send %(stop)s at any time and you will get no more messages; send %(start)s to come back."
)
ERASE = N_(
    "To have everything about you erased, send %(erase)s, or ask at any Model Police Station: "
    "staff can erase it with your phone number. Totals already reported do not change."
)
EMERGENCY_HEADING = N_("Not an emergency line")
EMERGENCY = N_(
    "Nobody reads these messages straight away. Do not report a crime here, and do not write "
    "names or details of a crime. In an emergency call %(emergency)s."
)
COST = N_(
    "Sending us an SMS costs what your operator normally charges; WhatsApp uses your internet data."
)
ABOUT_LINK = N_("About the service")
