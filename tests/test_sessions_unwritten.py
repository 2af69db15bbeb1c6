"""第二次“一带一路”建设座谈会: the reports name the third session of that symposium and no other. A question asking
the second is not answered by another "second time" (第二次则是在9月10日, of a call), nor by the third."""

from __future__ import annotations

from qa.answer.asked_edition import session_unwritten

_TEXT = "11月19日，习近平总书记在北京出席第三次“一带一路”建设座谈会并发表重要讲话。第二次则是在9月10日，时长2个半小时。"


def _contains(term: str, bare: bool = False) -> bool:
    return term in (_TEXT.replace("“", "").replace("”", "") if bare else _TEXT)


def test_a_session_the_reports_never_name() -> None:
    for question in ("第二次“一带一路”建设座谈会是哪天开的？", "第一次一带一路建设座谈会在哪开的"):
        assert session_unwritten(question, 2 if "二" in question else 1, _contains) == "一带一路建设座谈会"


def test_the_session_named_or_an_event_never_numbered() -> None:
    assert session_unwritten("第三次“一带一路”建设座谈会是哪天开的？", 3, _contains) == ""
    assert (
        session_unwritten("中美元首第二次通话是什么时候？", 2, _contains) == ""
    )  # no other call is numbered
    # written with 届 by the reports: named, whatever the question's counter
    text = "第二届“一带一路”国际合作高峰论坛在北京举行。"
    assert (
        session_unwritten("第二次“一带一路”国际合作高峰论坛哪年开的？", 2, lambda t, bare=False: t in text)
        == ""
    )


def test_another_session_is_a_near_miss(real_service) -> None:
    result = real_service.ask("第二次“一带一路”建设座谈会是哪天开的？")
    assert result.abstained, result.answer
    assert result.near_miss is not None and result.near_miss.missing == "edition"
    answered = real_service.ask("第三次“一带一路”建设座谈会是哪天开的？")
    assert not answered.abstained and "11月19日" in answered.answer, answered.answer
