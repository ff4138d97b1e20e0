"""The scale library that ships with coproduce. Coordinators copy scales from here into an
instrument of their own and may adapt them; the copy keeps the source note.

Wordings follow standards.md §4: the ESS generalised-trust items and the Pearlin Mastery
Scale are published instruments; the other scales are written for coproduce in the ESS
institutional-trust format or as short agreement scales, and say so (not validated scales).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LibraryItem:
    code: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class LibraryScale:
    key: str
    name: str
    minimum: int
    maximum: int
    minimum_label: str
    maximum_label: str
    items: tuple[LibraryItem, ...]
    source: str
    # The language of the published wording (the source's own), for a published scale;
    # empty for the scales written for coproduce. Its versions in the other languages come
    # from coproduce's own catalogue and are marked as coproduce's translations: no
    # published Finnish or Swedish version is stored with the sources (standards.md §4,
    # §8), so none is claimed.
    published_language: str = ""


TRUST_0_10 = (_("No trust at all"), _("Complete trust"))
AGREE_1_5 = (_("Strongly disagree"), _("Strongly agree"))
ADAPTED = _(
    "Written for coproduce in the format of the European Social Survey's institutional trust "
    "items (0–10), adapted to this object of trust; not a validated scale. Trust measures as in "
    "Fledderus, Brandsen & Honingh (2015), IJPSM 28(7), whose exact wordings are not reproduced."
)

LIBRARY: tuple[LibraryScale, ...] = (
    LibraryScale(
        "trust_provider",
        _("Trust in the service provider"),
        0,
        10,
        *TRUST_0_10,
        (
            LibraryItem(
                "tp1",
                _("How much do you trust the organisation that runs this service?"),
            ),
            LibraryItem(
                "tp2",
                _(
                    "How much do you trust the staff of this service to act in your interest?"
                ),
            ),
            LibraryItem(
                "tp3", _("How much do you trust this service to keep its promises?")
            ),
            LibraryItem(
                "tp4",
                _(
                    "How much do you trust this service to treat people like you fairly?"
                ),
            ),
        ),
        ADAPTED,
    ),
    LibraryScale(
        "trust_local_government",
        _("Trust in local government"),
        0,
        10,
        *TRUST_0_10,
        (
            LibraryItem("tl1", _("How much do you trust the municipal council?")),
            LibraryItem(
                "tl2", _("How much do you trust the municipality's officials?")
            ),
            LibraryItem(
                "tl3",
                _("How much do you trust the municipality to listen to residents?"),
            ),
            LibraryItem(
                "tl4",
                _("How much do you trust the municipality to use public money well?"),
            ),
        ),
        ADAPTED,
    ),
    LibraryScale(
        "trust_generalised",
        _("Generalised trust"),
        0,
        10,
        _("You can't be too careful"),
        _("Most people can be trusted"),
        (
            LibraryItem(
                "tg1",
                _(
                    "Generally speaking, would you say that most people can be trusted, or that you can't be too careful in dealing with people?"
                ),
            ),
            LibraryItem(
                "tg2",
                _(
                    "Do you think that most people would try to take advantage of you if they got the chance, or would they try to be fair?"
                ),
            ),
            LibraryItem(
                "tg3",
                _(
                    "Would you say that most of the time people try to be helpful or that they are mostly looking out for themselves?"
                ),
            ),
        ),
        _(
            "European Social Survey social trust scale (ZIS, doi:10.6102/zis235), three items, "
            "0–10; the score is the mean of the items."
        ),
        "en",
    ),
    LibraryScale(
        "trust_participants",
        _("Trust in fellow participants"),
        0,
        10,
        *TRUST_0_10,
        (
            LibraryItem(
                "tf1",
                _("How much do you trust the other participants of this programme?"),
            ),
            LibraryItem(
                "tf2",
                _("How much do you trust the other participants to do their share?"),
            ),
            LibraryItem(
                "tf3",
                _(
                    "How much do you trust the other participants to keep what you tell them to themselves?"
                ),
            ),
            LibraryItem(
                "tf4",
                _(
                    "How much do you trust the other participants to help you when you need it?"
                ),
            ),
        ),
        ADAPTED,
    ),
    LibraryScale(
        "motivation",
        _("Motivation to take part"),
        1,
        5,
        *AGREE_1_5,
        (
            LibraryItem("mo1", _("I look forward to taking part in this programme.")),
            LibraryItem("mo2", _("Taking part is worth the effort it takes.")),
            LibraryItem(
                "mo3",
                _("I would rather not take part if I could choose."),
                reverse=True,
            ),
            LibraryItem("mo4", _("I want to continue after the programme ends.")),
        ),
        _(
            "Short agreement scale written for coproduce; item 3 is reverse-coded. Not a validated scale."
        ),
    ),
    LibraryScale(
        "personal_control",
        _("Personal control (mastery)"),
        1,
        4,
        _("Strongly disagree"),
        _("Strongly agree"),
        (
            LibraryItem(
                "pc1",
                _("There is really no way I can solve some of the problems I have."),
                reverse=True,
            ),
            LibraryItem(
                "pc2",
                _("Sometimes I feel that I'm being pushed around in life."),
                reverse=True,
            ),
            LibraryItem(
                "pc3",
                _("I have little control over the things that happen to me."),
                reverse=True,
            ),
            LibraryItem(
                "pc4", _("I can do just about anything I really set my mind to.")
            ),
            LibraryItem(
                "pc5",
                _("I often feel helpless in dealing with the problems of life."),
                reverse=True,
            ),
            LibraryItem(
                "pc6", _("What happens to me in the future mostly depends on me.")
            ),
            LibraryItem(
                "pc7",
                _(
                    "There is little I can do to change many of the important things in my life."
                ),
                reverse=True,
            ),
        ),
        _(
            "Pearlin Mastery Scale (Pearlin & Schooler 1978), public domain; items 1, 2, 3, 5 and "
            "7 reverse-coded; higher means more mastery."
        ),
        "en",
    ),
    LibraryScale(
        "organisational_support",
        _("Organisational support"),
        1,
        5,
        *AGREE_1_5,
        (
            LibraryItem(
                "os1",
                _("The organisation running this programme cares about my well-being."),
            ),
            LibraryItem("os2", _("When I have a problem, the staff help me.")),
            LibraryItem("os3", _("My contribution is valued here.")),
            LibraryItem(
                "os4", _("I am left alone when things get difficult."), reverse=True
            ),
        ),
        _(
            "Short agreement scale written for coproduce after the idea of perceived "
            "organisational support; item 4 is reverse-coded. Not a validated scale."
        ),
    ),
    LibraryScale(
        "satisfaction",
        _("Satisfaction with the service"),
        1,
        5,
        *AGREE_1_5,
        (
            LibraryItem("sa1", _("Overall, I am satisfied with this service.")),
            LibraryItem("sa2", _("The service meets my needs.")),
            LibraryItem(
                "sa3", _("I would recommend this service to someone in my situation.")
            ),
            LibraryItem("sa4", _("The service has wasted my time."), reverse=True),
        ),
        _(
            "Short agreement scale written for coproduce; item 4 is reverse-coded. Not a validated scale."
        ),
    ),
)

# Partnership quality between organisations (collaboration, issue 15): asked of partner
# organisations' staff once a year in a partner panel; the change between two years is
# tested as any other panel's (paired tests, effect size, alpha in the evaluation report).
COLLABORATION_SCALE = LibraryScale(
    "partnership_quality",
    _("Quality of the partnership"),
    1,
    5,
    *AGREE_1_5,
    (
        LibraryItem("pq1", _("The partners agree on what this partnership is for.")),
        LibraryItem("pq2", _("The other partners keep the commitments they make.")),
        LibraryItem(
            "pq3", _("My organisation has a real say in the partnership's decisions.")
        ),
        LibraryItem("pq4", _("We learn from the other organisations in it.")),
        LibraryItem(
            "pq5",
            _("Working with the other organisations costs more than it gives."),
            reverse=True,
        ),
    ),
    _(
        "Adapted for coproduce from the dimensions of collaboration of Thomson, Perry & "
        "Miller (2009), J. Public Adm. Res. Theory 19(1) (governance, mutuality, norms, "
        "autonomy), whose items are not reproduced; item 5 is reverse-coded. Not a "
        "validated scale."
    ),
)
LIBRARY = (*LIBRARY, COLLABORATION_SCALE)

BY_KEY = {scale.key: scale for scale in LIBRARY}
TRUST_PANEL = (
    "trust_provider",
    "trust_local_government",
    "trust_generalised",
    "trust_participants",
)
