""" "What were China's goods exports …?": a sentence giving services exports only (服务出口377.3亿美元) is the other kind
of trade, a near miss; asked services, it answers."""

from __future__ import annotations

from types import SimpleNamespace

from qa.answer.parts import services_for_goods

_SERVICES = (
    "服务贸易方面，2020年，中国与“一带一路”沿线国家完成服务进出口额844.7亿美元；其中，服务出口377.3亿美元。"
)


def test_services_are_not_the_goods_asked() -> None:
    goods = SimpleNamespace(lang="en", asked="What were China's goods exports in 2020?")
    assert services_for_goods(goods, _SERVICES)
    assert not services_for_goods(
        goods, "2020年，中国对沿线国家货物出口额达7000亿美元，服务出口377.3亿美元。"
    )
    assert not services_for_goods(
        SimpleNamespace(lang="en", asked="What were its services exports?"), _SERVICES
    )
    assert services_for_goods(SimpleNamespace(lang="zh", asked="2020年货物出口多少？"), _SERVICES)


def test_goods_asked_services_given_is_a_near_miss(real_service) -> None:
    result = real_service.ask("What were China's goods exports to Belt and Road countries in 2020?")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "measure"
    assert result.answer.startswith("The reports do not give goods exports"), result.answer
    services = real_service.ask("What were China's services exports to Belt and Road countries in 2020?")
    assert not services.abstained and "377.3亿美元" in services.answer, services.answer
