""" "Has it been signed yet?" is not answered by a signed memorandum on a feasibility study of the agreement: the
reports say the study was agreed, not the agreement signed, as they do for "when was it signed"."""

from __future__ import annotations


def test_a_study_agreed_is_no_signing_asked_whether(real_service) -> None:
    english = real_service.ask(
        "Has China signed its services trade and investment agreement with Belarus yet?"
    )
    assert english.abstained, english.answer
    assert english.answer.startswith(
        "The reports do not say it was signed; they say a joint feasibility study"
    )
    chinese = real_service.ask("中国和白俄罗斯签了服务贸易与投资协定吗？")
    assert chinese.abstained and chinese.answer.startswith("报告中没有签署的记载"), chinese.answer
    asked_what = real_service.ask("中国商务部和白俄罗斯经济部签了什么文件？")
    assert not asked_what.abstained, asked_what.answer  # what was signed: the memorandum is the answer
