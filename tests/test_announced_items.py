"""A sentence announcing how many things it goes on to list (宣布…5大举措, 政治表态有两个：) is answered with the items
that follow it (——中国将…；——…), not alone, when the question asks no figure."""

from __future__ import annotations

from qa.answer.read_on import ANNOUNCES, ITEM_MARK


def test_an_announcement_and_its_items_are_told_apart() -> None:
    assert ANNOUNCES.search(
        "习近平主席…就推进全球抗疫合作提出5点意见，宣布支持全球抗疫合作5大举措，为…注入强劲动力。"
    )
    assert ANNOUNCES.search("这次会晤上，拜登的主要政治表态有两个：第一，“…”。")
    assert not ANNOUNCES.search("2020年，中欧班列开行1.24万列，同比增长50%。")
    assert ITEM_MARK.match("——中国将在未来3年内再提供30亿美元国际援助。")
    assert ITEM_MARK.match("二是突出科技创新催生新发展动能；")
    assert not ITEM_MARK.match("中国将在未来3年内再提供30亿美元国际援助。")


def test_the_pledges_announced_are_quoted(real_service) -> None:
    result = real_service.ask("What did Xi pledge at the Global Health Summit in May 2021?")
    assert not result.abstained, result.answer
    quotes = [c.quote for c in result.citations]
    assert any("30亿美元国际援助" in q for q in quotes), quotes
    assert sum(q.startswith("——") for q in quotes) >= 2, quotes
    figure = real_service.ask("全球健康峰会上习近平宣布了几项举措？")
    assert not any(c.quote.startswith("——") for c in figure.citations), figure.answer
