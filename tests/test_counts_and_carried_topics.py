"""A list question answered only by a count ("which ones?" after "16个国家") says the reports give how many, not
which; a follow-up is answered only from a passage that names the conversation's subject."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.items import asked_things
from tests.helpers import ask_in_turn


class _Senses:
    def expand(self, word: str) -> list[str]:
        return {"countries": ["国家", "各国"], "banks": ["银行"]}.get(word, [])


def test_what_a_list_question_asks_for() -> None:
    senses = _Senses()
    assert asked_things(analyze("天津在哪些国家建了鲁班工坊？"), senses) == ["国家"]
    assert asked_things(analyze("都是哪几家银行？"), senses) == ["银行"]
    assert asked_things(analyze("倡议里企业承诺了哪几条？"), senses) == ["条"]  # what is counted in 条
    assert asked_things(analyze("分别是哪些？"), senses) == []
    assert asked_things(analyze("Which countries took part?"), senses) == ["国家", "各国"]
    assert asked_things(analyze("which ones?"), senses) == []
    assert asked_things(analyze("Which spacecraft docked?"), senses) is None  # no Chinese for it: no rule


def test_which_ones_after_a_count_says_only_how_many_are_given(real_service) -> None:
    result = ask_in_turn(real_service, "天津在多少个国家建成了鲁班工坊？", "分别是哪些国家？")
    assert result.abstained and result.near_miss.missing == "measure", result.answer
    assert "只给出了数量" in result.answer and "16个国家" in result.answer, result.answer
    result = ask_in_turn(
        real_service,
        "How many Chinese banks had branches in Belt and Road countries by the end of 2019?",
        "which banks?",
    )
    assert result.abstained and "only how many" in result.answer and "11家" in result.answer, result.answer


def test_a_list_given_by_its_items_is_answered(real_service) -> None:
    result = real_service.ask("2020年为了稳外贸出台了哪些政策文件？")  # 《…》《…》: titles, no 、
    assert not result.abstained and "《关于进一步做好稳外贸稳外资工作的意见》" in result.answer, result.answer
    result = real_service.ask("Which countries has Alipay built local digital wallets with?")
    assert not result.abstained and "Bangladesh" in result.answer, result.answer


def test_a_follow_up_is_not_answered_from_a_passage_that_never_names_its_subject(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "第127届广交会有多少国家和地区、多少家企业参展？办了几天",
        "What was the 127th fair's intended deal value?",
    )
    assert result.abstained, result.answer  # before: the intended deals of another fair's passage
    result = ask_in_turn(
        real_service,
        "How much clean power does the Russei Chrum Krom hydro plant supply Cambodia each year?",
        "what happened to household power prices there?",
    )
    # from the plant's own passage (0.23 to 0.16 US dollars a kWh), not Garissa's 7万户家庭 of another passage
    assert not result.abstained and "0.16" in result.answer, result.answer
    assert "加里萨" not in result.answer


def test_a_two_character_short_form_is_written_in_its_long_form() -> None:
    from qa.answer.term_match import written_in

    assert written_in("技改", "累计投入近2亿美元实施大规模技术改造")
    assert written_in("中企", "中国企业还投入资金修建道路")
    assert not written_in("技改", "技术水平显著提升")  # 技 and 改 not the openings of two words in a row


def test_share_after_to_is_a_verb_not_a_share_asked() -> None:
    from qa.answer.kinds import question_kinds

    assert "percentage" not in question_kinds(
        "What did the office do in Wuhan to share China's experience?", "en"
    )
    assert "percentage" in question_kinds("What share of trade went to Asia?", "en")


def test_short_forms_and_acronyms_of_the_reports_words_are_read(real_service) -> None:
    result = ask_in_turn(
        real_service, "河钢收购塞尔维亚斯梅代雷沃钢厂是哪年，保住了多少就业", "4年里技改一共投了多少钱"
    )
    assert not result.abstained and "2亿美元" in result.answer, result.answer
    result = ask_in_turn(
        real_service,
        "卡洛特水电站厂房混凝土啥时候封顶的",
        "which international lender kept an eye on the EIA?",
    )
    assert not result.abstained and "International Finance Corporation" in result.answer, result.answer


def test_each_part_is_answered_by_a_figure_in_its_own_unit(real_service) -> None:
    result = real_service.ask(
        "127th canton fair - how many countries and companies took part, and how many days did it run?"
    )
    assert not result.abstained and "217" in result.answer and "10 days" in result.answer, result.answer


def test_who_says_it_is_a_source_not_a_subject() -> None:
    from qa.answer.named import cited

    assert cited("According to the World Bank, how many days does it take?", "World Bank")
    assert cited("World Bank numbers: how many days does it take?", "World Bank")
    assert cited("据世界银行，中国获得电力要多少天？", "世界银行")
    assert not cited("How much did the World Bank lend?", "World Bank")


def test_a_figure_given_in_a_passage_naming_its_source_answers_according_to_it(real_service) -> None:
    result = real_service.ask(
        "According to the World Bank, how many days does it take a firm in China to get a warehouse "
        "connected to electricity?"
    )
    assert not result.abstained and "32" in result.answer, result.answer


def test_a_day_asked_is_answered_by_a_sentence_dated_to_the_day(real_service) -> None:
    result = real_service.ask("海南自贸港建设总体方案哪天印发的？")
    assert not result.abstained and "6月1日" in result.answer.split("。")[0], result.answer
    result = real_service.ask("第五届香港一带一路高峰论坛几号开的")
    assert not result.abstained and "11月30日" in result.answer.split("。")[0], (
        result.answer
    )  # 几号 asks a date


def test_a_part_naming_nothing_of_its_own_is_answered_of_the_whole_question_s_topic(real_service) -> None:
    result = real_service.ask("when was the Global Data Security Initiative put out, and at what event?")
    assert not result.abstained and "8 September 2020" in result.answer, result.answer
    assert "飞书" not in result.answer, result.answer  # "event" (活动) alone is no answer to the second part
    result = real_service.ask("中白工业园2019年普通员工本地化率多少？加里萨太阳能发电站由多少块光伏板构成？")
    assert "85%" in result.answer and "20万块" in result.answer, (
        result.answer
    )  # each part names its own topic
