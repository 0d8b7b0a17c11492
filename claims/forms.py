"""GET filter forms for the public pages. Each form turns its cleaned data into a chain of
StatementQuerySet methods, so the view stays a few lines and every filter is a URL."""

from __future__ import annotations

from html import escape

from django import forms
from django.db.models import F
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from claims.models import Country, Kind, Speaker, SpeakerKind, Stance, StatementQuerySet, Topic
from claims.queries import outlet_names, rank_candidates, speakers_matching, with_stance_on

SORTS = [
    ("-date", "Newest first"),
    ("date", "Oldest first"),
    ("rank", "Best match (when searching)"),
    ("speaker", "Speaker A–Z"),
]
COUNTS = [
    ("statement", "One mark per statement"),
    ("week", "Per speaker per week"),
    ("month", "Per speaker per month"),
]


class DateInput(forms.DateInput):
    input_type = "date"


class PlainSelect(forms.Select):
    """A <select> written here rather than through the widget templates, which render one
    template per option: a country's two hundred speakers took a fifth of its page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for v, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        # Every value and label was escaped above; flatatt escapes the attributes.
        return mark_safe(f"<select{attrs}>{options}</select>")  # noqa: S308


def _blank(label: str, choices: list) -> list:
    return [("", label), *choices]


class TopicForm(forms.Form):
    """The tracked question a page is about: ``?topic=slug``, the default topic when none
    (or an unknown one) is named. Every public page, filter, chart and export carries it."""

    topic = forms.ChoiceField(label="Question", required=False, widget=PlainSelect)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # One query: the topic table is small, and the page needs the list for its switcher.
        self.topics = list(Topic.objects.select_related("proposer").order_by("-is_primary", "name"))
        if not self.topics:
            self.topics = [Topic.objects.primary()]
        self.fields["topic"].choices = [(t.slug, t.name) for t in self.topics]

    @property
    def chosen_topic(self) -> Topic:
        self.is_valid()
        slug = self.cleaned_data.get("topic")
        default = next((t for t in self.topics if t.is_primary), self.topics[0])
        return next((t for t in self.topics if t.slug == slug), default)

    def on_topic(self, qs: StatementQuerySet) -> StatementQuerySet:
        return qs.on_topic(self.chosen_topic)

    @property
    def topic_query(self) -> str:
        """``topic=slug`` for links that keep the page's topic."""
        return f"topic={self.chosen_topic.slug}"

    @property
    def dating(self) -> bool:
        """Whether a date filter is on: it leaves undated statements out, and the page says
        how many."""
        self.is_valid()
        return bool(self.cleaned_data.get("start") or self.cleaned_data.get("end"))

    def without_dates(self) -> str:
        """This selection's query string with the date filter taken off."""
        query = self.data.copy()
        for name in ("start", "end", "page", "after", "before"):
            query.pop(name, None)
        return query.urlencode()


class StatementFilterForm(TopicForm):
    """The claims explorer's filters; also what the export endpoints read."""

    q = forms.CharField(
        label="Search the quotes",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. return hubs"}),
    )
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        widget=forms.TextInput(attrs={"list": "speaker-options", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(label="Speaking for", required=False, widget=PlainSelect)
    mentioned = forms.ChoiceField(label="Country mentioned", required=False, widget=PlainSelect)
    stance = forms.ChoiceField(
        label="Stance", required=False, choices=_blank("Any stance", Stance.choices)
    )
    kind = forms.ChoiceField(label="Kind", required=False, choices=_blank("Any kind", Kind.choices))
    speaker_kind = forms.ChoiceField(
        label="Speaking as",
        required=False,
        choices=_blank("Anyone", SpeakerKind.choices),
    )
    outlet = forms.ChoiceField(label="Outlet", required=False, widget=PlainSelect)
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)
    verified = forms.BooleanField(label="Verified by a person only", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # One query each, whatever the number of statements.
        countries = list(Country.objects.values_list("slug", "pk", "name"))
        self.country_pks = {slug: pk for slug, pk, _ in countries}
        country_choices = [(slug, name) for slug, _, name in countries]
        self.fields["country"].choices = _blank("Any country", country_choices)
        self.fields["mentioned"].choices = _blank("Any country", country_choices)
        self.fields["outlet"].choices = _blank("Any outlet", [(o, o) for o in outlet_names()])

    def filter(self, qs: StatementQuerySet, *, dates: bool = True) -> StatementQuerySet:
        """Chain the chosen filters onto ``qs``; an invalid field is simply not applied.
        ``dates=False`` leaves the date filter off (to count what it leaves out)."""
        # Fields that fail validation are dropped from cleaned_data: a bad date in a shared
        # link should not throw away the rest of it.
        self.is_valid()
        d = self.cleaned_data
        qs = self.on_topic(qs)
        if d.get("speaker"):
            qs = qs.filter(speaker__in=speakers_matching(d["speaker"]))
        if d.get("country"):
            qs = qs.speaking_for(self.country_pks[d["country"]])
        if d.get("mentioned"):
            qs = qs.about(self.country_pks[d["mentioned"]])
        if d.get("stance"):
            qs = with_stance_on(qs, self.chosen_topic, [d["stance"]])
        if d.get("kind"):
            qs = qs.of_kind(d["kind"])
        if d.get("speaker_kind"):
            qs = qs.by_kind_of_speaker(d["speaker_kind"])
        if d.get("outlet"):
            qs = qs.in_outlet(d["outlet"])
        if dates:
            qs = qs.between(d.get("start"), d.get("end"))
        if d.get("verified"):
            qs = qs.verified()
        return self._sort(qs.search(d.get("q", "")))

    @property
    def ordering(self) -> str:
        """The order asked for, newest first by default, searching included: ranking every
        match of a common word means scoring most of the table, so best-match order is
        there when asked for rather than on every search."""
        self.is_valid()
        d = self.cleaned_data
        sort = d.get("sort") or "-date"
        return "-date" if sort == "rank" and not (d.get("q") or "").strip() else sort

    def _sort(self, qs: StatementQuerySet) -> StatementQuerySet:
        sort = self.ordering
        if sort == "rank" and "rank" in qs.query.annotations:
            return qs.filter(pk__in=rank_candidates(qs)).order_by("-rank", "-id")
        if sort == "date":
            return qs.timeline_order()
        if sort == "speaker":
            return qs.order_by("speaker__name", F("date_said").desc(nulls_last=True), "-id")
        return qs.order_by(F("date_said").desc(nulls_last=True), "-id")

    MORE_FILTERS = ("mentioned", "kind", "outlet", "start", "end", "sort", "verified")

    @property
    def uses_more_filters(self) -> bool:
        """Whether the folded-away filters hold a value, so the page shows them open."""
        return any(self.data.get(name) for name in self.MORE_FILTERS)

    @property
    def searching(self) -> str:
        self.is_valid()
        return (self.cleaned_data.get("q") or "").strip()


class CountryFilterForm(TopicForm):
    """Filters and counting mode of a country's timeline on one topic."""

    stance = forms.MultipleChoiceField(
        label="Stance",
        required=False,
        choices=Stance.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    speaker = forms.ChoiceField(label="Speaker", required=False, widget=PlainSelect)
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)
    count = forms.ChoiceField(label="Count", required=False, choices=COUNTS)

    def __init__(self, *args, country: Country, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The registry's speakers for this country: a small indexed lookup, where finding
        # everyone who ever spoke for it would scan all of its statements.
        speakers = (
            Speaker.objects.filter(country=country).order_by("name").values_list("slug", "name")
        )
        self.fields["speaker"].choices = _blank("Anyone", list(speakers))

    def filter(self, qs: StatementQuerySet, *, dates: bool = True) -> StatementQuerySet:
        self.is_valid()
        d = self.cleaned_data
        qs = self.on_topic(qs)
        if d.get("stance"):
            qs = with_stance_on(qs, self.chosen_topic, d["stance"])
        if d.get("speaker"):
            qs = qs.filter(speaker__slug=d["speaker"])
        return qs.between(d.get("start"), d.get("end")) if dates else qs

    @property
    def counting(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("count") or "statement"
