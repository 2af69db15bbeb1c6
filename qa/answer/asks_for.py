"""Questions that ask for a kind of statement and the sentences that make it: who did something ("Who organised
it?", "由谁承建？": "展览会由中国国际贸易促进委员会举办"), when it started ("自2020年10月启动以来"), which edition or number
it is (第10个鲁班工坊), which documents (《…》) and what something means ("有什么意义？": "这是…第一个…"); and the rank
a sentence states (欧洲第四大港)."""

from __future__ import annotations

import re
from functools import lru_cache

# The doing the reports name an agent for: organising, hosting, building, funding, launching, proposing, running.
_ZH_ISSUING = "发布|出台|印发|颁布|批复|批准|签署|修订|制定"
_ZH_DOING = (
    _ZH_ISSUING
    + "|主导|主办|举办|承办|协办|合办|承建|筹建|编制|编写|编撰|起草|修建|建设|援建|施工|设计|发起|组织|组建|牵头|提出|倡议|实施|出资|投资|资助|运营|负责"
    + "|主持|管理|维护|运维|宣布|提议"
)
_EN_DOING = (
    r"organi[sz]\w*|host\w*|held|hold\w*|chair\w*|presid\w*|buil[dt]\w*|construct\w*|fund\w*|financ\w*|launch\w*|initiat\w*|"
    r"propos\w*|sponsor\w*|ran|run\w*|operat\w*|design\w*|undert\w*|implement\w*|le[ad]\w*|set up|found\w*|"
    r"establish\w*|contract\w*|develop\w*|carr\w* out|invest\w*|issu\w*|publish\w*|releas\w*|approv\w*|"
    r"sign\w*|revis\w*|adopt\w*|draft\w*|compil\w*|wr[io]te|written|author\w*|prepar\w*|provid\w*|"
    r"handl\w*|manag\w*|maintain\w*|announc\w*|do(?:es)? (?:the )?(?:o&m|operations?|maintenance)"
)
_BODY = (
    r"compan(?:y|ies)|firms?|organi[sz]ations?|institutions?|agenc(?:y|ies)|ministr(?:y|ies)|departments?|"
    r"bod(?:y|ies)|enterprises?|contractors?|banks?|countr(?:y|ies)|government"
)
_ASKS_EN = re.compile(
    rf"^\s*(?:and |so |then )?(?:who|which (?:\w+ )?(?:{_BODY}))\s+(?:(?:will|would|did|does|do|has|have|had)\s+)?"
    rf"(?:(?:jointly|actually|mainly|first)\s+)?(?:co-?)?(?:{_EN_DOING})\b"
    r"|^\s*(?:and |so |then )?(?:whose idea|who (?:first )?(?:suggest\w*|came up with))\b",  # one who proposed it
    re.I,
)
_ASKS_ZH = re.compile(
    rf"由谁|由哪|谁(?:来|在)?[做管干投]|谁(?:来|在|负责|共同)?(?:{_ZH_DOING})|(?:哪家|哪个|哪些|什么)\w{{0,4}}?"
    rf"(?:企业|公司|机构|部门|单位|组织|国家|银行)(?:来|负责|共同)?(?:{_ZH_DOING}|[干做建投]的)"  # 哪家企业干的
)
_PROVIDER = (
    r"([^，。；：,;:]{2,16}?(?:集团|公司|银行|企业|机构))为[^，。；]{2,30}?提供"  # who provides a service
)
_ADVERB = "正式|共同|联合|分别|相继|继续"  # how the doer did it: 正式签署, 联合印发, 继续编撰
_ZH_WRITING = "编制|编写|编撰|起草|撰写"  # drafting or compiling a text
# 由…举办 (not 自由…, 理由), …承建的, 主办方为…
_NAMES_AGENT = re.compile(
    rf"(?<![自理经缘])由[^，。；！？,;]{{2,48}}?(?:{_ZH_DOING})|[\u4e00-\u9fffA-Za-z）)]{{2}}"
    rf"(?:承建|主办|承办|援建|发起|牵头|主导|投资建设|建设运营)的|(?:承建|主办|承办|建设)(?:方|单位|商)(?:为|是)"
    # 商务部于2020年8月修订出台《…》, 国务院印发…: a body that issued it
    # 15个国家共同签署, …经贸部长正式签署
    rf"|(?:部|部门|委|院|局|署|厅|办公室|政府|集团|公司|银行|组织|委员会|国家|部长|领导人|各方|双方|代表|秘书长|大使)"
    rf"(?:[于在][^，。；]{{2,12}}?)?"
    rf"(?:{_ADVERB})*(?:{_ZH_ISSUING}|{_ZH_WRITING})"
    r"|(?:[中美日俄英法德韩欧]方|双方|各方)(?:主动|率先|首先)?(?:提议|提出|倡议|发起)"  # 视频会晤是美方主动提议举行的
    r"|(?:发言人|部长|秘书长|大使|总统|主席|总理)[\u4e00-\u9fff·]{0,4}?即?(?:宣布|宣告)"  # 外交部发言人华春莹即宣布
    rf"|{_PROVIDER}"  # 广州地铁集团为…提供运营维护服务
    rf"|与[^，。；]{{2,30}}?(?:{_ADVERB})*(?:签署|签订)"  # 中国又与刚果（金）和博茨瓦纳分别签署: the parties signing
    r"|(?:主席|总统|总理|部长|秘书长)[^，。；]{0,8}?主持"  # 习近平主席在北京主持特别峰会
    # 国家监察委员会、…、亚投行联合主办了…: bodies that did it together
    r"|[\u4e00-\u9fff）)]{2}(?:联合|共同)(?:主办|举办|承办|发起|倡议|搭建|建立|设立|成立|发布|印发)"
)


# Who did it, as the sentence writes it: 由(X)举办, (X)承建的, (X)于…发布
# not the 建设 of 中国电力建设集团: a doing that goes on into a body's name
_NOT_IN_NAME = "(?!集团|有限|公司|股份|银行|委员会|中心)"
_AGENT_BY = re.compile(
    rf"(?<![自理经缘])由([^，。；！？,;]{{2,48}}?)(?:共同|联合)?(?:{_ZH_DOING}){_NOT_IN_NAME}"
)
_AGENT_DID = re.compile(
    rf"(?:^|[，。；：,;:])([^，。；：,;:《》]{{2,30}}?)(?:[于在][^，。；]{{2,12}}?)?(?:{_ADVERB})*(?:{_ZH_ISSUING}|承建|主办|援建|主持|即?宣布)"
)


# (X)主导的…, 是(X)承建的
_AGENT_OF = re.compile(
    r"(?:^|[是，。；：,;:])([^，。；：,;:是]{2,12}?)(?:承建|主办|承办|援建|发起|牵头|主导|投资建设|建设运营)的"
)


def agent_of(text: str) -> str:
    """Who did what a sentence tells, as it writes it (中国国际贸易促进委员会 of 展览会由中国国际贸易促进委员会举办), or ''."""
    m = (
        _AGENT_BY.search(text)
        or _AGENT_DID.search(text)
        or _AGENT_OF.search(text)
        or re.search(_PROVIDER, text)
    )
    return m.group(1).strip() if m else ""


_ASKS_MEANING = re.compile(
    r"意义|重要性|意味着什么|\bsignifican(?:ce|t)\b|\bwhy (?:is|was|are|were) (?:it|this|that|they|the\b.*) important\b"
    r"|\bwhat does (?:it|this|that) mean\b|\bimportance\b"
    # "有什么特别的？", "what's special about it": what makes it stand out (这是…第一个…)
    r"|(?:有什么|有何)(?:特别|特殊|独特)|特别之处|\bwhat(?: is|'s) (?:so )?(?:special|unique|notable)\b",
    re.I,
)
# 这是…第一个…, 标志着…, 意味着…, 具有…意义, 首次…, 里程碑
_GIVES_MEANING = re.compile(r"这是|这也是|标志着|意味着|具有[^，。；]{0,12}意义|第一个|首个|首次|里程碑|开创")
# "Why did …?", 为什么: a sentence giving a cause or an aim (所以…, 由于…, 为了…, 旨在…)
_ASKS_CAUSE = re.compile(
    r"^\s*(?:and )?why\b|为什么|为何|什么原因|\bwhat (?:is|was|were) the reasons?\b", re.I
)
_GIVES_CAUSE = re.compile(r"所以|因为|由于|原因|为了|旨在|目的")
# "How was the meeting held?", 以什么方式举行: a sentence giving the way (通过视频连线方式召开, 以线上形式举行)
_ASKS_MANNER = re.compile(
    r"^\s*(?:and )?how (?:was|were|is|are|will) (?:it|they|the\b.*) (?:held|conducted|organi[sz]ed|run|staged)\b"
    r"|(?:什么|何种|哪种)(?:方式|形式)|怎么(?:举办|举行|召开)|如何(?:举办|举行|召开)",
    re.I,
)
# (not the 形式 of 反对一切形式的恐怖主义: the way a thing was done is 以…形式 / 通过…方式 / 形式举行)
_GIVES_MANNER = re.compile(
    r"(?:以|通过|采取|采用|借助)[^，。；]{0,12}(?:方式|形式)|(?:方式|形式)(?:举行|召开|举办|进行|开展|展开)"
    r"|视频|线上|云上|在线|网络(?:会议|直播|形式|方式)"
)
# "What was the theme?", 主题是什么: a sentence giving a theme or slogan (以“…”为主题, 会议主题为“…”)
_ASKS_THEME = re.compile(
    r"\b(?:what|which)\b[^?]{0,60}?\b(?:theme|slogan|motto)s?\b|\bunder what theme\b"
    r"|主题(?:是|为)(?:什么|何)|什么主题|口号(?:是|为)(?:什么|何)|什么口号",
    re.I,
)
_GIVES_THEME = re.compile(r"主题(?:为|是)|为主题|口号")  # not the 主题 of 主题论坛 (themed forums)
# "What award did it win?", 得了什么奖: a sentence naming an award or honour (被…授予“…奖”, 荣获…称号)
_ASKS_AWARD = re.compile(
    r"\b(?:what|which)\b[^?]{0,30}?\b(?:award|prize|honou?r)s?\b|什么奖|哪[个项]奖|什么(?:荣誉|称号|奖项)",
    re.I,
)
_GIVES_AWARD = re.compile(r"奖|荣誉|称号|授予|荣获")
# "Where did the money come from?", 钱从哪来: a sentence giving where something came from (来自…, 资金来源)
_ASKS_SOURCE = re.compile(
    r"\bwhere did\b[^?]{0,40}?\bcome from\b|从哪[里儿]?来|来自哪|来源(?:是|为)?(?:什么|哪)", re.I
)
_GIVES_SOURCE = re.compile(r"来自|来源|源于|出资")


# "When did … start / launch / open?", "什么时候启动": the date a thing began; "when will it be completed": it ended
# after "start" or "begin": an activity begun ("start operating", "start feeding power", "began to export"), not
# the start of the works ("start building")
ACTIVITY_BEGUN = (
    r" (?:operations?\b|production\b|service\b|(?!build|construct)\w+ing\b|to (?!build|construct)\w+)"
)
_ASKS_START = re.compile(
    r"^\s*(?:and )?when\b.*\b(?:(?:start(?:ed)?|beg[ia]n)\b(?!"
    + ACTIVITY_BEGUN
    + r")|(?:launch(?:ed)?|open(?:ed)?|kick(?:ed)? off|set up)\b)"
    r"|(?:什么时候|何时|哪一?年|哪一?天|几月)\S{0,6}(?:启动|开始|开通|上线|开幕|开业|创办|设立|成立)",
    re.I,
)
# …, and a rule's start in force: 自2021年1月18日起施行
_STARTS = re.compile(
    "启动|开始|开通|上线|开幕|开业|开启|创办|创立|创建|建立|组建|开工|动工|开建|奠基|设立|成立|揭牌|投入运营|起(?:施行|实施|生效)"
)


# "目标是到哪一年？", "By what year …?": the year a goal is set for (到2035年, by 2030)
_ASKS_TARGET = re.compile(r"到哪一?年|\bby (?:what|which) year\b|\btarget (?:year|date)\b", re.I)
_GIVES_TARGET = re.compile(r"到\s*\d{4}\s*年|\d{4}\s*年(?:以|之)?前|\bby \d{4}\b", re.I)  # 到2035年, 2060年前


# "Which edition …", "which number …", "what place …", "第几届": an ordinal answers (第10个鲁班工坊, 第127届)
_ASKS_ORDINAL = re.compile(
    r"\b(?:which|what) (?:(?:edition|session|round|place|rank)\b|number\b(?! of))|第几", re.I
)
# 第三届, 第10个; 首届, and 首个 / 首家 / 首条 (the first one: 中巴经济走廊首个水电项目)
_ORDINAL = re.compile(r"第\s*[一二三四五六七八九十\d]+\s*[届次轮位名个批家座所条项]|首[届个家座所条项批]")


# "What documents did … adopt?", "通过了哪些文件？": a sentence naming titles (《…》) answers
_ASKS_TITLES = re.compile(
    r"\b(?:what|which)\b(?:\s+\w+){0,2}\s+(?:documents?|agreements?|statements?|declarations?|communiqu[eé]s?|plans?"
    r"|visions?)\b"
    r"|(?:哪些|什么|哪几份|哪份)(?:文件|协议|协定|声明|宣言|公报|计划|报告|愿景)"
    # "What did the meeting adopt?": what is adopted or issued is a document
    r"|^\s*(?:and )?what (?:did|does|do|will|has|have)\b.{0,60}\b(?:adopt|pass|issue|release|publish)\s*\??\s*$"
    r"|(?:通过|发布|发表|签署)了(?:什么|哪些)",
    re.I,
)


# The doing asked, by the English verb or the Chinese one, and how the reports write it: "Who led it?" is answered by
# 中国主导的 before 国际标准化组织正式发布
_DOINGS = (
    (r"\ble[ad]\w*|\bhead\w*|主导|牵头|领导", "主导|牵头|领导|带头|领衔"),
    (
        r"\borgani[sz]\w*|\bhost\w*|\bheld\b|\bhold\w*|\bsponsor\w*|主办|举办|承办|协办|召开",
        "主办|举办|承办|协办|合办|组织|召开",
    ),
    (r"\bbuil[dt]\w*|\bconstruct\w*|承建|修建|施工|援建|建造", "承建|建设|修建|施工|援建|建造"),
    (r"\bfund\w*|\bfinanc\w*|\binvest\w*|出资|资助|融资", "出资|投资|资助|融资|贷款"),
    (r"\bissu\w*|\bpublish\w*|\breleas\w*|发布|印发|出台|颁布", "发布|印发|出台|颁布|公布"),
    (r"\bsign\w*|签署|签订", "签署|签订|签约"),
    (r"\bannounc\w*|宣布|宣告", "宣布|宣告|公布"),
    (
        r"\bpropos\w*|\binitiat\w*|\blaunch\w*|\bsuggest\w*|\bidea\b|\bcame up with|提出|倡议|发起|提议",
        "提出|倡议|发起|启动|提议",
    ),
    (r"\bchair\w*|\bpresid\w*|主持", "主持"),
    (r"\bdesign\w*|设计", "设计"),
    (r"\boperat\w*|\bran\b|\brun\w*|运营|经营", "运营|经营|运行"),
    (r"\bapprov\w*|批准|批复", "批准|批复"),
    (
        r"\bset up\b|\bestablish\w*|\bfound(?:ed)?\b|\bcreat\w*|搭建|建立|设立|成立|创建",
        "搭建|建立|设立|成立|创办|创建",
    ),
    (
        r"\bdraft\w*|\bcompil\w*|\bwr[io]te\b|\bwritten\b|\bauthor\w*|\bprepar\w*|编制|编写|编撰|起草",
        _ZH_WRITING,
    ),
)


@lru_cache(maxsize=256)
def doing_asked(question: str) -> re.Pattern[str] | None:
    """For a question asking who did something: how the reports write that doing (主导|牵头 for "Who led it?")."""
    return next((re.compile(zh) for asks, zh in _DOINGS if re.search(asks, question, re.I)), None)


# "What is the third?", "And the second one?", "第二个是什么？": an item of a list the last answer began
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ASKS_ITEM = re.compile(
    r"^\s*(?:and\s+)?(?:what(?:'s|\s+is|\s+was|\s+about)\s+|how about\s+)?the\s+("
    + "|".join(_ORDINAL_WORDS)
    + r")(?:\s+([a-z]+))?\s*[?？.]?\s*$",
    re.I,
)
# "the third detail", "the second problem": one of the things listed; "the third batch" or "session" is an edition
_EDITION_NOUN = re.compile(
    r"(?:forum|expo|exposition|summit|session|conference|fair|congress|edition|symposium|meeting|dialogue|seminar"
    r"|workshop|round|plenary|festival|exhibition|games|competition|contest|assembly|batch|phase|year|time|day"
    r"|month|week|quarter|half|term|generation|wave|stage)(?:s|es)?",
    re.I,
)
_ASKS_ITEM_ZH = re.compile(
    r"^(?:那)?第([一二三四五六七八九十])(?:个|点|条|项|方面)?(?:是什么|呢|内容是什么)[？?]?$"
)
_CN_DIGITS = "一二三四五六七八九十"


def item_asked(question: str) -> int | None:
    """The place of the item a follow-up asks for ("What is the third?": 3), or None."""
    if (m := _ASKS_ITEM.match(question)) and not (m.group(2) and _EDITION_NOUN.fullmatch(m.group(2))):
        return _ORDINAL_WORDS.index(m.group(1).lower()) + 1
    m = _ASKS_ITEM_ZH.match(question.strip())
    return _CN_DIGITS.index(m.group(1)) + 1 if m else None


def opens_item(n: int, text: str) -> bool:
    """The sentence opens the n-th item of a list: 三是…, 第三，…, 第三个则是…, 其三，…, （三）…, 3. …"""
    cn = _CN_DIGITS[n - 1]
    return bool(
        re.match(
            rf"\s*(?:{cn}是|第{cn}[个点条项]?(?:[则就也]?是|[，、,：:])|其{cn}[，、,：:]|[（(]{cn}[）)]|{n}\s*[.、．])",
            text,
        )
    )


def statement_asked(question: str) -> str:
    """ "agent" for a question asking who organised, built, funded… something; "meaning" for one asking what it
    means or why it matters; "start" for one asking when something started or was launched; "target" for one asking the year a goal is set for; "ordinal" for one
    asking which edition or number; "titles" for one asking which documents; "cause" for one asking why;
    "manner" for one asking how it was held; "theme" for one asking its theme; "award" for one asking what award it
    won; "source" for one asking where something came from; "item" for one asking for the n-th item of a list; else
    ''."""
    if item_asked(question):
        return "item"
    if _ASKS_EN.search(question) or _ASKS_ZH.search(question):
        return "agent"
    if _ASKS_TARGET.search(question):
        return "target"
    if _ASKS_START.search(question):
        return "start"
    if _ASKS_ORDINAL.search(question):
        return "ordinal"
    if _ASKS_TITLES.search(question):
        return "titles"
    if _ASKS_MEANING.search(question):
        return "meaning"
    if _ASKS_MANNER.search(question):
        return "manner"
    if _ASKS_THEME.search(question):
        return "theme"
    if _ASKS_AWARD.search(question):
        return "award"
    if _ASKS_SOURCE.search(question):
        return "source"
    return "cause" if _ASKS_CAUSE.search(question) else ""


def statement_fit(asked: str, question: str, text: str) -> float:
    """1 for a sentence making the statement asked, in the doing asked when a question asks who did something
    ("Who led it?": 中国主导的); 0.5 for one naming who did something else (国际标准化组织正式发布); else 0."""
    if asked == "item":
        return float(opens_item(item_asked(question) or 1, text))
    if not (asked and makes_statement(asked, text)):
        return 0.0
    doing = doing_asked(question) if asked == "agent" else None
    return 1.0 if doing is None or doing.search(text) else 0.5


def makes_statement(asked: str, text: str) -> bool:
    """Whether a sentence makes the statement asked: names who did it (由…举办, …承建的, 主办方为…), dates a start
    (自2020年10月启动以来), gives an ordinal (第10个), names titles (《…》) or says what it means (这是…第一个…)."""
    if asked == "titles":
        return "《" in text
    if asked == "start":
        return bool(_STARTS.search(text) and re.search(r"\d{4}\s*年|\d{1,2}\s*月", text))
    pattern = {
        "agent": _NAMES_AGENT,
        "target": _GIVES_TARGET,
        "meaning": _GIVES_MEANING,
        "ordinal": _ORDINAL,
        "cause": _GIVES_CAUSE,
        "manner": _GIVES_MANNER,
        "theme": _GIVES_THEME,
        "award": _GIVES_AWARD,
        "source": _GIVES_SOURCE,
    }.get(asked)
    return bool(pattern and pattern.search(text))


def says_asked(asked: str, question: str, forms: list[str], text: str) -> bool:
    """Whether a sentence makes the statement asked (in the doing asked), else names one of the forms of what the
    answer is one of."""
    return statement_fit(asked, question, text) == 1.0 if asked else any(f in text for f in forms)


_RANK = re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:大|位|名)|位列第|排[在名]第")


def ranked(sentence: str) -> frozenset[str]:
    """ "欧洲第四大港", "全国排名提升至第6位": a sentence stating a rank has the word for one (排名), for "Where does
    it rank?"."""
    return frozenset({"排名"}) if _RANK.search(sentence) else frozenset()
