"""The schema of the policy files under ``policies/``.

One YAML file per measure (``policies/<jurisdiction>/<measure-id>.yaml``) and one per document
(``policies/documents/<document-id>.yaml``). Every model forbids unknown keys, so a typo such as
``refrence:`` is a load error naming the file, the line and the field, never a silently dropped
citation. Expressions are strings in the language of :mod:`calc_app.engine.expr`; they are
compiled (and their names checked) when the bundle is loaded.
"""
from __future__ import annotations

import datetime as _dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

Effect = Literal["grant", "saving", "deferral", "evaluation", "indirect"]
EFFECTS: tuple[str, ...] = ("grant", "saving", "deferral", "evaluation", "indirect")
Category = Literal["grant", "saving", "deferral", "own_tax_credit", "procurement_evaluation", "third_party"]
CATEGORIES: tuple[str, ...] = ("grant", "saving", "deferral", "own_tax_credit", "procurement_evaluation",
                               "third_party")
"""Finer than ``effect``, for the headline: the enterprise's own VAT credit returned (留抵退税) is a
``grant`` by effect but ``own_tax_credit`` by category."""
EFFECT_CATEGORY: dict[str, str] = {"grant": "grant", "saving": "saving", "deferral": "deferral",
                                   "evaluation": "procurement_evaluation", "indirect": "third_party"}
STATUSES: tuple[str, ...] = ("eligible", "ineligible", "needs_input", "not_in_force", "excluded")

QUOTE_SEPARATOR = " ｜ "
"""Joins non-contiguous fragments of one quote (the character does not occur in any seed)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A sentence in both languages. Placeholders ``{name}`` or ``{name:fmt}`` (fmt: yuan, pct,
    size, int) are filled from the measure's values when the engine writes a reason."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class Document(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    seed_file: str
    title: Text
    issuer: Optional[str] = None
    number: Optional[str] = Field(default=None, description="文号 as printed, e.g. 广府发〔2022〕19号")
    date: Optional[_dt.date] = None
    jurisdiction: str
    draft: bool = Field(default=False, description="a consultation draft (征求意见稿), not in force as law")
    notes: Optional[Text] = None


class Period(Strict):
    """Dates the measure is in force, both inclusive. ``end`` absent: open-ended."""

    start: _dt.date
    end: Optional[_dt.date] = None
    basis: Optional[Text] = Field(default=None, description="where the dates come from")


class Condition(Strict):
    """One eligibility test with the reason for each outcome."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    test: str
    pass_: Text = Field(alias="pass")
    fail: Text


class Let(Strict):
    """A named intermediate value, shown as a step of the arithmetic."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    expr: str
    label: Text


class Range(Strict):
    """Where the law gives a range (3–6 months, 10%–20%): both ends and which one is the estimate.

    ``estimate`` is ``min`` or ``max`` when the measure's ``amount`` is always that end, and
    ``formula`` when the amount picks an end (or a point between) from the inputs; ``why`` says
    which and why."""

    min: str
    max: str
    estimate: Literal["min", "max", "formula"]
    why: Text
    ceiling: bool = Field(default=False, description="the text gives only a ceiling (最高不超过 X) for an amount decided "
                          "case by case: the range runs from the least it allows to X and the estimate is X "
                          "(the ceiling rule of policies/README.md)")

    def model_post_init(self, _ctx: object) -> None:
        if self.ceiling and self.estimate != "max":
            raise ValueError("a ceiling range takes its upper end, the ceiling, as the estimate (estimate: max)")


class Stacking(Strict):
    """How the measure combines with others.

    - ``group`` + ``resolution``: members of one exclusive group do not stack (不重复享受);
      ``highest`` keeps the largest eligible amount (就高), ``priority`` keeps the eligible member
      with the lowest ``priority`` number.
    - ``replaces``: this measure restates or replaces a higher level's measure, which then counts
      once: wherever this one is in force, the replaced one is shown as excluded.
      With ``replaces_when: applicable`` it does so only where this measure does not rule the
      enterprise out (a local text that covers part of the higher one's scope).
    - ``on_top_of``: stacks on a higher level's measure (both count); documentary, checked to exist.
    """

    group: Optional[str] = None
    resolution: Optional[Literal["highest", "priority"]] = None
    priority: int = 0
    replaces: list[str] = Field(default_factory=list)
    replaces_when: Literal["in_force", "applicable"] = Field(
        default="in_force",
        description="in_force: the lower level's rule decides whenever it is in force, even when it rules the "
                    "enterprise out; applicable: only when the enterprise is not ineligible under it (the lower "
                    "text covers part of the higher one's scope)")
    on_top_of: list[str] = Field(default_factory=list)
    rule: Text = Field(description="the stacking rule in words, e.g. 与一次性吸纳就业补贴不重复享受")


class Citation(Strict):
    """A clause that states the measure. Its ``document`` (a file in ``policies/documents/``,
    default: the measure's own) gives the level whose text it is: the evaluated jurisdiction's
    own clause is shown as the item's ``source`` (see :func:`calc_app.engine.policies.pick_source`)."""

    seed_file: str = Field(pattern=r"^00[0-4]_[0-9a-f]{16}\.txt$")
    clause: str = Field(min_length=1, description="the clause label as printed in the seed")
    quote: str = Field(min_length=4, description="verbatim; fragments joined by ' ｜ '")
    document: Optional[str] = Field(default=None, description="the document this clause belongs to; "
                                    "default: the measure's document")


class NationalRule(Strict):
    """A national rule a measure takes figures from that no seed clause of the chain prints
    (``number`` as in ``shared/reference/national-rules.md``)."""

    number: str = Field(min_length=4, description="document number, e.g. 人社部发〔2022〕23号")
    figures: list[str] = Field(min_length=1, description="the figures of the formulas it gives, as decimals: '0.9'")
    what: Text = Field(description="what the rule sets")


class Apply(Strict):
    """Where and by when to apply, as the text names it: the office(s) verbatim, the deadline verbatim,
    whose offices they are (shown only on that jurisdiction's chain; the deepest of the chain wins) and the
    citation. Where no text names an office there is no entry; nothing here is ever inferred (no
    address, phone or channel)."""

    office: str = Field(min_length=1, description="the lead unit(s) as printed (牵头单位 / 牵头部门 / 责任单位)")
    partners: Optional[str] = Field(default=None, description="the responsible units printed beside the lead unit")
    deadline: Optional[str] = Field(default=None, description="the deadline as printed (完成时限)")
    jurisdiction: str = Field(description="the jurisdiction whose offices these are")
    basis: Text = Field(description="what the text says the office is, in words")
    source: Citation


class Measure(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: Text
    jurisdiction: str
    document: str
    effect: Effect
    apply: list[Apply] = Field(default_factory=list,
                               description="where to apply, per jurisdiction whose text names an office")
    category: Optional[Category] = Field(
        default=None, description="finer than effect for the headline (own_tax_credit: 留抵退税); "
                                  "absent: the effect's own category")
    period: Period
    conditions: list[Condition] = Field(default_factory=list)
    let: list[Let] = Field(default_factory=list)
    amount: Optional[str] = Field(default=None, description="the estimate; absent when no text gives a figure")
    not_quantified: Optional[Text] = Field(default=None, description="why no amount can be computed")
    range: Optional[Range] = None
    cap: Optional[str] = None
    cap_label: Optional[Text] = None
    floor: Optional[str] = None
    stacking: Stacking
    citation: Citation
    also_cited: list[Citation] = Field(default_factory=list)
    rules: list[NationalRule] = Field(default_factory=list, description="national rules figures come from")
    notes: Optional[Text] = Field(default=None, description="readings chosen where the text is ambiguous")

    @field_validator("let")
    @classmethod
    def _unique_lets(cls, v: list[Let]) -> list[Let]:
        names = [x.name for x in v]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"let names repeated: {sorted(dup)}")
        return v

    def model_post_init(self, _ctx: object) -> None:
        if (self.amount is None) == (self.not_quantified is None):
            raise ValueError("give exactly one of 'amount' (a formula) or 'not_quantified' (why no figure)")
        if self.period.end is not None and self.period.end < self.period.start:
            raise ValueError("period.end is before period.start")
        if (self.stacking.group is None) != (self.stacking.resolution is None):
            raise ValueError("stacking.group and stacking.resolution go together")


class Inference(Strict):
    """A declared inference (``policies/inferences.yaml``): when ``when`` holds, an absent input is
    known to lie within bounds (``at_least``/``at_most``) or to have a ``value``; or, with ``let``,
    a measure's named step of that name takes ``value`` where its own formula cannot tell."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    when: str
    field: Optional[str] = None
    let: Optional[str] = None
    value: Optional[str] = None
    at_least: Optional[str] = None
    at_most: Optional[str] = None
    text: Text = Field(description="the inference in words, shown beside what it infers")

    @field_validator("value", "at_least", "at_most", mode="before")
    @classmethod
    def _as_text(cls, v: object) -> object:
        if isinstance(v, float):
            raise ValueError("write numbers as text or integers, not floats")
        return None if v is None else str(v)

    def model_post_init(self, _ctx: object) -> None:
        if (self.field is None) == (self.let is None):
            raise ValueError("give exactly one of 'field' (an input) or 'let' (a measure's named step)")
        if self.let is not None and (self.value is None or self.at_least is not None or self.at_most is not None):
            raise ValueError("a 'let' inference gives a 'value' only")
        if self.field is not None and (self.value is None) == (self.at_least is None and self.at_most is None):
            raise ValueError("give either 'value' or 'at_least'/'at_most'")


class Jurisdiction(Strict):
    id: str
    zh: str
    en: str
    parent: Optional[str]
    default_as_of: _dt.date = Field(description="a date on which the chain's own measures are in force")


class IndustryGroup(Strict):
    id: str
    zh: str
    en: str
    prefixes: list[str]
    basis: str
