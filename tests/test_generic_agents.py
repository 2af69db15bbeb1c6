""" "Who built it?" when the reports say only 中国企业建设的…: the kind of body is no doer named. The answer says so
(abstained, the `measure` slot, the sentence quoted); a sentence naming the company still answers."""

from __future__ import annotations

from qa.answer.generic_agents import generic_agent

_PLANT = (
    "额勒赛下游水电站缓解柬埔寨用电紧缺中国企业建设的额勒赛下游水电站距柬埔寨首都金边约350公里，装机338兆瓦。"
)


def test_a_kind_of_body_is_no_name() -> None:
    assert generic_agent(_PLANT) == "中国企业"
    assert generic_agent("中国企业承建的凡城600兆瓦背靠背换流站项目是土耳其首个直流站项目。") == "中国企业"
    assert generic_agent("由中国铁建加勒比公司承建的阿利玛总医院项目坐落于特立尼达和多巴哥。") == ""
    assert generic_agent("中国路桥公司承建的蒙内铁路全线通车。") == ""  # 公司 ends a name there
    assert (
        generic_agent("中国企业还投入资金修建柬埔寨戈公省到菩萨省的部分道路。") == ""
    )  # no doer asked of it


def test_who_built_it_is_a_near_miss_when_no_company_is_named(real_service) -> None:
    for question in (
        "Who built the Lower Stung Russei Chrum hydropower station?",
        "额勒赛下游水电站是哪家中国企业建的？",
    ):
        result = real_service.ask(question)
        assert result.abstained, result.answer
        assert result.near_miss is not None and result.near_miss.missing == "measure"
        assert "中国企业" in result.answer, result.answer
    named = real_service.ask("阿利玛总医院是谁承建的？")
    assert not named.abstained and "中国铁建加勒比公司" in named.answer, named.answer
