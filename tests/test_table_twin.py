"""``rag.table_twin`` on invented text: a chosen row gets its body sentence, a chosen body
sentence its row; a term in one of the two only gets nothing."""

from rag.table_twin import is_row, twin_spans

TEXT = "一、措施\n推行“绿廊行动”，每月巡查一次。\n附表\n序号|任务|责任单位|时限\n1|推行“绿廊行动”|园林科|5月底前\n2|其他|办公室|全年\n"


def _span(piece: str) -> tuple[int, int]:
    a = TEXT.index(piece)
    return a, a + len(piece)


def test_row_gets_body_and_body_gets_row() -> None:
    row = _span("1|推行“绿廊行动”|园林科|5月底前")
    body = _span("推行“绿廊行动”，每月巡查一次。")
    assert is_row(TEXT[row[0] : row[1]]) and not is_row(TEXT[body[0] : body[1]])
    assert twin_spans(TEXT, [row], ["绿廊行动"]) == [body]
    assert twin_spans(TEXT, [body], ["绿廊行动"]) == [row]
    assert twin_spans(TEXT, [body, row], ["绿廊行动"]) == []
    assert twin_spans(TEXT, [_span("2|其他|办公室|全年")], ["绿廊行动"]) == []
