"""Names of statuses, effects and choice values, translated through the gettext catalogs."""
from __future__ import annotations

import re

from calc_app.engine.classify import SIZE_NAMES
from calc_app.i18n import N_, lgettext

STATUS = {
    "eligible": N_("Eligible"),
    "ineligible": N_("Not eligible"),
    "needs_input": N_("Needs input"),
    "not_in_force": N_("Not in force"),
    "excluded": N_("Not stacked"),
}
EFFECT = {
    # TRANSLATORS: cash the enterprise receives (现金补贴)
    "grant": N_("Grant"),
    # TRANSLATORS: a cost not paid: rent waived, a fee or tax cut (费用减免)
    "saving": N_("Saving"),
    # TRANSLATORS: money paid later (缓缴)
    "deferral": N_("Deferral"),
    # TRANSLATORS: an advantage in a procurement evaluation (评审优惠)
    "evaluation": N_("Bid evaluation"),
    # TRANSLATORS: money to a third party such as a guarantor or a landlord (间接)
    "indirect": N_("Indirect"),
}
TOTAL_EFFECTS = ("grant", "saving", "deferral", "indirect")
CATEGORY = {
    "grant": N_("Grant"),
    "saving": N_("Saving"),
    "deferral": N_("Deferral"),
    # TRANSLATORS: the enterprise's own VAT credit refunded (留抵退税)
    "own_tax_credit": N_("Own VAT credit"),
    "procurement_evaluation": N_("Bid evaluation"),
    # TRANSLATORS: money to a third party such as a guarantor, a landlord or a graduate (惠及第三方)
    "third_party": N_("Third party"),
}

OPTIONS = {
    "state": N_("State-owned"),
    "private": N_("Private"),
    "goods": N_("Goods"),
    "services": N_("Services"),
    "works": N_("Works"),
    "none": N_("None"),
    "provincial": N_("Provincial"),
    "national": N_("National"),
}


# TRANSLATORS: the status of a measure from a consultation draft (征求意见稿), e.g. 符合（征求意见稿）
DRAFT_STATUS = N_("{status} (consultation draft)")


def status_name(status: str, lang: str) -> str:
    return lgettext(STATUS[status], lang) if status in STATUS else status


def item_status_name(item: dict, lang: str) -> str:
    """The status of an item as shown: a consultation draft's item is never a plain 符合."""
    name = status_name(item["status"], lang)
    if item.get("draft") or (item.get("source") or {}).get("draft"):
        return lgettext(DRAFT_STATUS, lang).format(status=name)
    return name


def category_name(item_or_category: dict | str, lang: str) -> str:
    c = item_or_category if isinstance(item_or_category, str) else (
        item_or_category.get("category") or item_or_category["effect"])
    return lgettext(CATEGORY[c], lang) if c in CATEGORY else effect_name(c, lang)


def effect_name(effect: str, lang: str) -> str:
    return lgettext(EFFECT[effect], lang) if effect in EFFECT else effect


def _from_help(help_text: str, value: str) -> str | None:
    for part in help_text.split("/"):
        m = re.fullmatch(r"\s*(\S+)\s+(.+?)\s*", part)
        if m and m.group(1) == value:
            return m.group(2)
    return None


def choice_name(field: str, value: str, lang: str, help_text: str = "") -> str:
    if field == "size" and value in SIZE_NAMES:
        return SIZE_NAMES[value][lang]
    if value in OPTIONS:
        return lgettext(OPTIONS[value], lang)
    return _from_help(help_text, value) or value
