"""Labels of figures: the words before a number trimmed to what it measures (发送113.5万标箱 -> 发送), in English too."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.text.glossary import join_terms, load_glossary
from qa.text.tokenize import cut, pos_cut

SPACES = r"[ \t\u3000]*"  # PDF extraction leaves spaces inside "2020 年" and "1.24 万列"
YEAR = r"(?:19|20)\d{2}"
RANGE_SEP = r"[—–\-~～至到]"
CLAUSE_END = "，,；;。！？!?、：:\n（(）)"


def words(text: str) -> frozenset[str]:
    """A set of space-separated words (keeps the long word lists readable)."""
    return frozenset(text.split())


_DATE_WORDS = re.compile(
    rf"(?:截至|截止|到|自|从|由|在|于)?(?:{YEAR}{SPACES}年?{SPACES}{RANGE_SEP}{SPACES})?{YEAR}{SPACES}年"
    rf"(?:{SPACES}\d{{1,2}}{SPACES}月(?:{SPACES}\d{{1,2}}{SPACES}[日号])?)?(?:底|末|初|上半年|下半年|前三季度|以来)?(?:的)?"
    rf"|\d{{1,2}}{SPACES}月(?:{SPACES}\d{{1,2}}{SPACES}[日号])?(?:底|末|初|以来)?"
)
_COPULAS = words(
    "达 达到 为 是 成为 完成 实现 增至 增加到 增加至 增长到 增长至 提升至 "
    "提升到 提高到 提高至 升至 降至 下降至 下降到 减少至 减至 突破 超过 高达 "
    "多达 共计 合计 总计 约为 有 由 从 扩容至 扩大到 增到"
)
ACTION_VERBS = words(
    "开行 运送 发运 运输 开通 派出 提供 培训 培养 举办 签署 签订 吸引 带动 "
    "设立 新设 新设立 投资 援助 捐赠 供应 完成 实现 累计开行 累计运送 发送 接待 "
    "创造 解决"
)
_LEAD_FILLER = words(
    "其中 全年 的 间 来自 预计 同期 此外 另外 同时 目前 当年 今年 去年 已 已经 共 并 和 与 "
    "及 向 对 在 从 由 将 其 而 但 且 也 还 更 是 为 以 以来 至今 截至 "
    "截止 到 自 于 据 这 该 了 均 各"
)
_TRAIL_FILLER = words(
    "的 了 已 共 达 为 从 由 在 有 将 仅 均 分别 都 也 就 已经 约 更是 "
    "是 计 之 累计达 同比 比上年 较上年 首次 再次 持续 稳定 合计 共计 总计 逾 "
    "超 近 多达 高达 高 更是 更 向 对 给 与 和 至 到 第 "
    "增加 增长 提升 提高 上升 下降 减少 升 降 增 累计 来自"
)
# 中国与“一带一路”沿线国家货物贸易额 -> 货物贸易额: the partner phrase is implied by the reports' subject
_PARTNERS = re.compile(r"^.*?(?:沿线|共建“一带一路”的?|相关|伙伴)(?:国家|各国)(?:和地区|（地区）)?(?=.{3,})")
_STRIP_CHARS = " \t\u3000“”‘’\"'《》〈〉（）()【】[]—–-·…"


_BULLETS = re.compile("[*•●■◆▪]")


def clean_label(pre: str) -> str:
    """The noun phrase a figure measures, from the clause text before it (years, verbs and filler removed); in a
    box's bulleted row, from its own item (鼓励投向先进制造业*总条目：1235条: 总条目)."""
    pre = _BULLETS.split(pre)[-1]
    pre = _DATE_WORDS.sub("", pre)
    pre = _PARTNERS.sub("", pre)
    words = [(w, flag) for w, flag in pos_cut(pre) if w.strip() and w != "了"]
    cut_at = max((i for i, (w, flag) in enumerate(words) if w in _COPULAS and flag != "p"), default=-1)
    if cut_at >= 0:
        right = _trim_words([w for w, _ in words[cut_at + 1 :]])
        if len("".join(right)) >= 2:
            return shorten("".join(right))
        words = words[:cut_at]
    return shorten("".join(_trim_words([w for w, _ in words])))


def _trim_words(words: list[str]) -> list[str]:
    """Drop filler words and punctuation at both ends."""
    while words and (words[0] in _LEAD_FILLER or not words[0].strip(_STRIP_CHARS)):
        words = words[1:]
    while words and (words[-1] in _TRAIL_FILLER or not words[-1].strip(_STRIP_CHARS)):
        words = words[:-1]
    text = "".join(words)
    # keep a quoted name whole (“一带一路”) but not a dangling quote mark
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return [text] if text else []


def share_label(clause: str) -> str:
    """Label of a share: 占同期中国实际吸收外资总额的 -> 实际吸收外资总额占比."""
    clause = _DATE_WORDS.sub("", clause)
    if "占" in clause:
        head, _, tail = clause.rpartition("占")
        whole = re.split("的|比重|比例|份额|分别|均|为|达|由", tail, maxsplit=1)[0]
        whole = re.sub("^(?:同期|全部|中国|全国|同期中国|同期全部)+", "", whole)
        if whole.startswith("比"):  # 占比
            return shorten(clean_label(head) + "占比")
        return shorten((clean_label(whole) or clean_label(head)) + "占比")
    return clean_label(clause)


def spread_labels(run: list, bases: list, phrase: str) -> None:
    """Label 分别 changes after the quantities they follow, in order: 开行…、运送…，分别增长50%和56%."""
    if run and len(bases) >= len(run):
        for f, base in zip(run, bases[-len(run) :], strict=True):
            f.label = shorten(base.label + phrase)


def share_of_following(text: str, end: int) -> str:
    """ "1/10的城镇就业": a share followed by 的 and what it is a share of (the whole short phrase, else its noun),
    labelled 城镇就业占比; '' when no such noun follows or it names a share or a change itself (2%的比重, 5%的增长)."""
    if not text.startswith("的", end):
        return ""
    of = re.split(f"[{CLAUSE_END}]", text[end + 1 : end + 12], maxsplit=1)[0]
    of = of if len(of) <= 6 and not re.search(r"\d", of) else following_noun(text, end + 1)
    if not of or any(w in of for w in ("占", "比重", "比例", "份额", "增", "降", "幅")):
        return ""
    return shorten(of + "占比")


def following_noun(text: str, end: int, classifier: bool = False) -> str:
    """The noun phrase right after a count (2800多亿只口罩 -> 口罩), or ''; after a bare classifier (100个, not
    58个国家) also one a verb phrase begins."""
    seg = re.split(f"[{CLAUSE_END}]", text[end : end + 24], maxsplit=1)[0]
    words = pos_cut(seg)
    out = ""
    for i, (w, flag) in enumerate(words):
        if (
            flag[:1] not in ("n", "j", "l")
            and flag not in ("vn", "an", "b", "s", "eng")
            and w not in "“”"
            and not _modifies_noun(words, i)
            or w in "的和与及"
        ):
            if out.endswith("”") and flag[:1] in ("v", "a"):
                out += _verb_led_noun(
                    words[i:]
                )  # “一带一路”联合实验室: a quoted name before the counted noun
            break
        out += w
    if classifier and not out and words and words[0][1][:1] == "v":
        out = _verb_led_noun(words)
    return shorten("".join(_trim_words([out])), 12)


def _modifies_noun(words: list[tuple[str, str]], i: int) -> bool:
    """Whether words[i] is a determiner (各国, 各类), a word jieba tags as a time word (青年) or an adjective (重要,
    偏僻) in front of a noun: 8300多名各国青年科学家 counts 科学家, 46个重要国际组织 counts 国际组织."""
    j = i
    while j < len(words) and (
        words[j][1] in ("t", "a") or words[j][1] == "r" and words[j][0].startswith("各")
    ):
        j += 1
    return j > i and j < len(words) and words[j][1][:1] == "n"


def _verb_led_noun(words: list[tuple[str, str]]) -> str:
    """A counted noun that a verb phrase modifies (100个减缓和适应气候变化项目和1000个…): up to its last noun, the
    phrase ending where the next count or a clause begins."""
    out, noun_end = "", 0
    for i, (w, flag) in enumerate(words):
        nxt = words[i + 1][0] if i + 1 < len(words) else ""
        if w in "和与及" and nxt[:1].isdigit() or w == "的":
            break  # "…项目和1000个…": the next count; "…名额的合作项目": a new head
        if w in "“”‘’":
            continue  # a name in quotes inside the phrase: 共建“一带一路”合作文件
        if flag[:1] not in ("n", "v", "a", "j", "l", "c") and flag not in ("b", "s", "eng"):
            break
        out += w
        if flag[:1] in ("n", "j", "l") or flag in ("vn", "eng"):
            noun_end = len(out)
    return out[:noun_end]


def subject_of(label: str) -> str:
    """The label without its trailing action verb: 中欧班列开行 -> 中欧班列."""
    for verb in sorted(ACTION_VERBS, key=len, reverse=True):
        if label.endswith(verb) and len(label) > len(verb):
            return label[: -len(verb)].removesuffix("累计")
    return ""


def shorten(label: str, limit: int = 16) -> str:
    """Keep the last words of a label within `limit` characters (the head noun is at the end)."""
    if len(label) <= limit:
        return label
    words = list(cut_label(label))
    while words and len("".join(words)) > limit:
        words = words[1:]
    return "".join(words) or label[-limit:]


_AGAINST = re.compile(rf"(?:较|比){SPACES}({YEAR}){SPACES}年")


def translate_label(label: str) -> str | None:
    """English label through the glossary, whole or word by word; None when any word is unknown."""
    glossary = load_glossary()
    if (en := glossary.to_english(label)) is not None:
        return en
    # 完成营业额占比较2019年上升: the change, and the year it is against
    if against := _AGAINST.search(label):
        rest = translate_label(label[: against.start()] + label[against.end() :])
        return f"{rest} (compared with {against.group(1)})" if rest else None
    parts = [glossary.to_english(w) for w in cut_label(label) if w.strip(_STRIP_CHARS)]
    return join_terms(p for p in parts if p) if parts and all(parts) else None


@lru_cache(maxsize=8192)
def cut_label(text: str) -> tuple[str, ...]:
    """jieba words of a label."""
    return tuple(cut(text))


_LIST_JOIN = re.compile("[和、与及]")
_CLAUSE_START = re.compile("[，。；：,;:]")
MEASURE_TAILS = ("占比", "比重", "比例", "份额", "增速", "增长率", "总额", "额", "量")


def respective_labels(figures: list, text: str) -> None:
    """新签合同额和完成营业额占比分别为55.4%、58.4%: figures after 分别 sharing a label that lists as many
    measures take one each, in order (55.4% is the new contracts' share, 58.4% the turnover's)."""
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and figures[j + 1].label == figures[i].label:
            j += 1
        group, label = figures[i : j + 1], figures[i].label or ""
        items = [t for t in _LIST_JOIN.split(label) if t]
        before = text[max(0, group[0].start - 8) : group[0].start]
        if len(group) >= 2 and len(items) == len(group) and "分别" in before:
            tail = next((t for t in MEASURE_TAILS if items[-1].endswith(t)), "")
            for f, item in zip(group, items, strict=True):
                f.label = item if item.endswith(tail) else item + tail
        elif len(group) >= 2 and len(items) == 1 and "分别" in before:
            # 研发设计、电子商务、信息服务分别增长78.8%、15.1%和11.6%: the label kept the last item only; the
            # clause before 分别 lists them all, and each takes what follows the last one (增长), and the measure
            # the last one ends with (原油、金属矿砂等资源型产品进口量分别增加: 原油进口量增加)
            at = text.rfind("分别", 0, group[0].start)
            clause = _CLAUSE_START.split(text[:at])[-1].removeprefix("其中")
            listed = [t for t in _LIST_JOIN.split(clause) if t]
            if len(listed) == len(group) and label.startswith(listed[-1]):
                rest = label[len(listed[-1]) :]
                measure = _measure_ending(listed[-1])
                for f, item in zip(group, listed, strict=True):
                    f.label = item + ("" if item.endswith(measure) else measure) + rest
        i = j + 1


def _measure_ending(text: str) -> str:
    """The longest of the glossary's measure words a text ends with (资源型产品进口量: 进口量), or ""."""
    measures = load_glossary().measures
    return next((text[i:] for i in range(len(text) - 1) if text[i:] in measures), "")
