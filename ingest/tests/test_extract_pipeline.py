"""The pipeline's structure: one table of fields, steps in an order that respects what they
read, and a layout pass computed once."""

import pytest

from ingest.extract import _Declared, prepare, steps
from ingest.extract.fields import FIELDS, LIST_FIELDS, TABLE, gold_record
from ingest.extract.layout import heading_kind
from ingest.extract.record import Evidence, Extraction


def test_the_pipeline_fills_every_field_once_in_schema_order():
    assert tuple(step.field for step in steps({})) == FIELDS


def test_every_step_reads_only_fields_filled_before_it():
    filled: set[str] = set()
    for step in steps({}):
        assert set(step.reads) <= filled, f"{step.field} reads {set(step.reads) - filled} too early"
        filled.add(step.field)


def test_a_step_cannot_read_an_undeclared_field():
    declared = _Declared({"published_on": Evidence(None), "sites": Evidence(())}, ("sites",))
    assert declared["sites"].value == ()
    with pytest.raises(KeyError):
        declared["published_on"]


def test_the_field_table_defines_the_extraction_and_the_gold_defaults():
    assert [f.name for f in TABLE] == list(Extraction.__dataclass_fields__)[: len(FIELDS)]
    record = gold_record(records_max=5)
    assert record["records_max"] == 5 and record["forensic_investigation"] is False
    assert all(record[name] == [] for name in LIST_FIELDS)


NOTICE = """お客様各位

2024年5月20日
株式会社みほん商店

当社オンラインショップへの不正アクセスに関するお詫びとお知らせ

1.経緯
2024年4月2日、決済代行会社から連絡を受けました。
2.原因
第三者による不正アクセスです。
3.流出した可能性のある情報
・カード番号
対象期間:2023/10/14~2024/04/02
4.今後の対策
二要素認証を導入いたします。
"""


def test_the_layout_pass_finds_title_dateline_letterhead_sections_and_key_values():
    layout = prepare(NOTICE, tokenize=False).layout
    assert "お詫びとお知らせ" in layout.title.text
    assert layout.dateline.date.isoformat() == "2024-05-20"
    assert [line.text for line in layout.letterhead] == ["株式会社みほん商店"]
    assert [s.kind for s in layout.sections[1:]] == ["経緯", "原因", "流出した情報", "再発防止"]
    assert [(kv.key, kv.value) for kv in layout.key_values] == [
        ("対象期間", "2023/10/14~2024/04/02")
    ]
    assert [line.text for line in layout.items] == ["・カード番号"]
    future = NOTICE.index("二要素認証")
    assert layout.kind_at(future) == "再発防止"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("■原因", "原因"),
        ("【経緯】", "経緯"),
        ("3.漏えいした可能性のある情報", "流出した情報"),
        ("(2)対象期間", "対象期間"),
        ("4. 再発防止策", "再発防止"),
        ("5.お問い合わせ先", "問い合わせ"),
        ("よくあるご質問(Q&A)", "Q&A"),
    ],
)
def test_headings_get_their_normalised_kind(heading, kind):
    assert heading_kind(heading) == kind


def test_clause_flags_mark_advice_future_negation_and_questions():
    doc = prepare(
        "ご利用明細をご確認ください。セキュリティコードは保持しておりません。"
        "カード情報は流出していますか。今後は監視体制を強化してまいります。",
        tokenize=False,
    )
    kinds = [doc.layout.sentence_flags[s.start] for s in doc.sentences]
    assert "advice" in kinds[0]
    assert "negation" in kinds[1]
    assert "question" in kinds[2]
    assert "future" in kinds[3]
