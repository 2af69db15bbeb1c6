"""Which close second stands in when the best sentence lacks what the question asks."""

from __future__ import annotations

from qa.answer.dimension import counted_phrase
from qa.answer.stand_in import counting_first
from qa.answer.types import Quote
from qa.ingest.figures import extract_figures, figure_to_dict


def quote(text: str, score: float) -> Quote:
    figures = [figure_to_dict(f) for f in extract_figures(text)]
    return Quote(None, 0, len(text), text, score, 1.0, figures)  # type: ignore[arg-type]


def test_the_words_after_a_count_run_to_the_next_item() -> None:
    text = "包括200个普通住院床位及100个血液透析床位。"
    assert counted_phrase(text, text.index("个") + 1) == "普通住院床位"
    assert counted_phrase(text, text.rindex("个") + 1) == "血液透析床位"


def test_a_close_second_whose_figure_counts_the_thing_asked_comes_first() -> None:
    best = quote("中国向150个国家提供抗疫物资援助。", 1.2)
    names = quote("来自22个国家和国际组织的代表参会，会议强调加强国际交流合作。", 1.15)
    counts = quote("中国与东盟等国际组织开展70多次疫情防控交流活动。", 1.1)
    far = quote("双方开展10次交流活动。", 0.2)
    ordered = counting_first([best, names, counts, far], ["交流"], 0.5)
    assert [q.text for q in ordered] == [best.text, counts.text, names.text, far.text]


def test_a_figure_in_the_unit_counted_stands_in_for_a_best_sentence_without_one(real_service) -> None:
    """ "How many solar panels does the Garissa plant have?": the best sentence names the plant and gives its
    megawatts; the one after it (该电站共由超过20万块光伏板构成) counts the panels, in 块."""
    result = real_service.ask("How many solar panels does the Garissa plant have?").model_dump()
    assert not result["abstained"] and "20万块" in result["citations"][0]["quote"], result["answer"]
    assert result["answer"].split(":")[1].strip().startswith("more than 200,000"), result["answer"]
