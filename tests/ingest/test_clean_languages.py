"""Pages in other languages keep their paragraphs: prose is judged in the page's language."""

from __future__ import annotations

from parallax.ingest.clean import clean_text

PORTUGUESE_PARAGRAPHS = [
    "A ponte do porto foi reaberta ao trânsito no domingo, depois de três semanas de obras que "
    "custaram cerca de quatro milhões de euros à cidade, segundo a câmara municipal.",
    "Os engenheiros substituíram dois cabos corroídos e repavimentaram a faixa do lado leste, "
    "de acordo com o departamento de transportes, que tinha fechado a ponte em fevereiro.",
    "Durante as obras, o trânsito foi desviado pelo centro histórico, o que aumentou em até "
    "quarenta minutos o tempo de algumas viagens para quem trabalha na outra margem do rio.",
]
JAPANESE_PARAGRAPHS = [
    "港の橋は三週間の修理を終えて、日曜日に通行が再開されました。市によると、修理にはおよそ四百万ユーロがかかったということです。",
    "技術者たちは腐食した二本のケーブルを交換し、東側の車線を舗装し直しました。橋は二月の点検のあとで閉鎖されていました。",
    "工事の間、車は旧市街を通るように迂回させられ、通勤に最大で四十分ほど余計にかかる人もいました。",
]
MENU = ["Início", "Notícias", "Desporto", "Política", "Contactos"]


def test_portuguese_page_keeps_its_paragraphs_and_loses_its_menu() -> None:
    cleaned = clean_text("\n".join(MENU + PORTUGUESE_PARAGRAPHS + MENU))
    assert cleaned.body.split("\n\n") == PORTUGUESE_PARAGRAPHS


def test_japanese_page_keeps_its_paragraphs() -> None:
    cleaned = clean_text("\n".join(["ホーム", "ニュース", "スポーツ"] + JAPANESE_PARAGRAPHS))
    assert cleaned.body.split("\n\n") == JAPANESE_PARAGRAPHS
