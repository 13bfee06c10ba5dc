"""The worked example XLSForm: awareness of where to get help for violence at home.

A short poll that never asks about a crime or a person: whether residents know
where help is, which places they know, how often they met information about it,
and whether they would pass it on. ``awareness_help.xlsx`` beside this file is
written from the definition below (``python docs/examples/awareness_help.py``);
a test checks that the two agree and that the form imports.

The Arabic, Sorani and Kurmanji texts need review by a native speaker before
the poll is published.
"""

from __future__ import annotations

from pathlib import Path

from feedback_bot.xlsform.definition import Choice, Indicator, PollDefinition, Question, Texts
from feedback_bot.xlsform.writer import write_xlsform

HERE = Path(__file__).resolve().parent
FORM = HERE / "awareness_help.xlsx"

YES_NO_UNSURE = (
    Choice(1, Texts(ar="نعم", ckb="بەڵێ", kmr="Erê", en="Yes")),
    Choice(2, Texts(ar="لا", ckb="نەخێر", kmr="Na", en="No")),
    Choice(3, Texts(ar="لست متأكدا", ckb="دڵنیا نیم", kmr="Ne bawer im", en="Not sure")),
)
PLACES = (
    Choice(
        1, Texts(ar="مركز الشرطة", ckb="بنکەی پۆلیس", kmr="Qereqola polîsan", en="Police station")
    ),
    Choice(
        2,
        Texts(
            ar="حماية الأسرة", ckb="پاراستنی خێزان", kmr="Parastina malbatê", en="Family protection"
        ),
    ),
    Choice(
        3,
        Texts(ar="مركز صحي", ckb="بنکەی تەندروستی", kmr="Navenda tenduristiyê", en="Health centre"),
    ),
    Choice(
        4,
        Texts(
            ar="منظمة نسوية",
            ckb="ڕێکخراوی ئافرەتان",
            kmr="Rêxistina jinan",
            en="Women's organisation",
        ),
    ),
)


def definition() -> PollDefinition:
    """The example poll as the product stores it."""
    return PollDefinition(
        id="awareness_help",
        version=1,
        default_language="en",
        title=Texts(
            ar="أين تجد المساعدة",
            ckb="لە کوێ یارمەتی هەیە",
            kmr="Li ku derê alîkarî heye",
            en="Where to get help",
        ),
        questions=(
            Question(
                "knows_help",
                "select_one",
                Texts(
                    ar="هل تعرف أين يمكن لشخص في منطقتك أن يجد مساعدة في حالات العنف الأسري؟",
                    ckb="دەزانیت کەسێک لە ناوچەکەت لە کوێ دەتوانێت بۆ توندوتیژیی خێزانی "
                    "یارمەتی وەربگرێت؟",
                    kmr="Tu dizanî li herêma te kesek ji bo tundiya malbatî li ku derê "
                    "dikare alîkarî bistîne?",
                    en="Do you know where someone in your area can get help for violence at home?",
                ),
                list_name="yes_no_unsure",
                choices=YES_NO_UNSURE,
                required=True,
                indicator=Indicator("knows_help", positive=(1,)),
            ),
            Question(
                "help_places",
                "select_multiple",
                Texts(
                    ar="أي هذه الأماكن تقدم المساعدة؟ أرسل كل الأرقام المناسبة، مثلا 1 3",
                    ckb="کام لەم شوێنانە یارمەتی دەدەن؟ ژمارە گونجاوەکان بنێرە، وەک 1 3",
                    kmr="Kîjan cih alîkarî didin? Hejmarên wan bişîne, wek 1 3",
                    en="Which of these places give help? Send all the numbers that apply, e.g. 1 3",
                ),
                list_name="places",
                choices=PLACES,
                required=True,
                relevant="${knows_help} = '1'",
            ),
            Question(
                "info_seen",
                "integer",
                Texts(
                    ar="خلال آخر 3 أشهر، كم مرة رأيت أو سمعت معلومات عن أماكن المساعدة؟ "
                    "أرسل رقما، مثلا 0 أو 2",
                    ckb="لە 3 مانگی ڕابردوودا، چەند جار زانیاریت دەربارەی شوێنی یارمەتی "
                    "بینی یان بیست؟ ژمارەیەک بنێرە، بۆ نموونە 0 یان 2",
                    kmr="Di 3 mehên dawî de, te çend caran agahî li ser cihên alîkariyê dît "
                    "an bihîst? Hejmarekê bişîne, wek 0 an 2",
                    en="In the last 3 months, how often did you see or hear where to get help? "
                    "Reply with a number, e.g. 0 or 2",
                ),
                required=True,
                constraint=". >= 0 and . <= 99",
                constraint_message=Texts(
                    ar="أرسل رقما من 0 إلى 99",
                    ckb="تکایە ژمارەیەک لە 0 تا 99 بنێرە",
                    kmr="Ji kerema xwe hejmarekê ji 0 heta 99 bişîne",
                    en="Please reply with a number from 0 to 99",
                ),
            ),
            Question(
                "would_tell",
                "select_one",
                Texts(
                    ar="إذا احتاج أحد جيرانك إلى مساعدة بسبب العنف الأسري، هل ستخبره إلى أين يذهب؟",
                    ckb="ئەگەر دراوسێیەک بۆ توندوتیژیی خێزانی پێویستی بە یارمەتی بوو، "
                    "پێی دەڵێیت بۆ کوێ بچێت؟",
                    kmr="Heke cîranek ji bo tundiya malbatî hewcedarê alîkariyê be, tu yê jê re "
                    "bibêjî biçe ku derê?",
                    en="If a neighbour needed help for violence at home, "
                    "would you tell them where to go?",
                ),
                list_name="yes_no_unsure",
                choices=YES_NO_UNSURE,
                required=True,
                indicator=Indicator("would_tell", positive=(1,)),
            ),
            Question(
                "easier",
                "text",
                Texts(
                    ar="ما الذي يجعل طلب المساعدة أسهل؟ من فضلك لا تذكر أسماء. (أرسل 0 للتخطي)",
                    ckb="چی داواکردنی یارمەتی ئاسانتر دەکات؟ تکایە ناوی کەس مەهێنە. "
                    "(0 بنێرە بۆ تێپەڕاندن)",
                    kmr="Çi dê xwestina alîkariyê hêsantir bike? Ji kerema xwe navê kesî "
                    "nede. (ji bo derbasbûnê 0 bişîne)",
                    en="What would make it easier to ask for help? Please do not name anyone. "
                    "(reply 0 to skip)",
                ),
            ),
            Question(
                "where_help",
                "note",
                Texts(
                    ar="شكرا. المساعدة في حالات العنف الأسري متاحة بسرية في مكاتب حماية الأسرة "
                    "ومراكز الشرطة.",
                    ckb="سوپاس. یارمەتی بۆ توندوتیژیی خێزانی بە نهێنی لە نووسینگەکانی "
                    "پاراستنی خێزان و بنکەکانی پۆلیس هەیە.",
                    kmr="Spas. Alîkariya ji bo tundiya malbatî bi nepenî li nivîsgehên "
                    "parastina malbatê û qereqolên polîsan heye.",
                    en="Thank you. Help for violence at home is given in confidence at "
                    "family protection offices and police stations.",
                ),
            ),
        ),
    )


def main() -> None:
    write_xlsform(definition(), FORM)
    print(f"wrote {FORM.name}")


if __name__ == "__main__":
    main()
