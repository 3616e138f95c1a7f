"""A department's scope when the question names a neighbour of a unit of the library.

1. A known unit followed by a common noun is the unit and its topic (卫健委 + 公立医院,
   教育局 + 直属学校, 税务局 + 基层分局, 文旅局 + the 图书馆 its text names), not one unknown
   unit; only a tail that names a unit no text speaks of is unknown (教育局职业学校).
2. The parent, a child and a sibling of a unit are other units, refused by their names:
   the city's bureau where the library holds a district's (X市市场监管局 for X市Y区市场监督
   管理局), a bank's 总行 or another 支行 where it holds one 分行, a court of another level
   or place, the bureau of a neighbouring district (Z区 beside Y区, 河东区 beside 河西区).
   The unit's own short forms still answer (区市场监管局, 桐江中院, 分行, 卫健局 with no
   place when the library holds one).

Invented documents in ``tests/data/own/neighbours``. ``tuned`` (documents and questions)
were developed against; ``heldout`` were written before their first run (22 of 24 passed:
a 河东区 bureau read as a typo of the library's 河西区 one, and 文旅局图书馆 read as an
unknown unit though the text names its 市图书馆 — both fixed, so it is tuned now);
``heldout2`` were written after those fixes (14 of 16 on first run: jieba cut the city's
name apart, 沂 | 澜市, so the city's bureau was read as the district's — fixed, tuned now);
``heldout3`` after that (14 of 16 on first run: 相城区法院 beside a 姑苏区人民法院 was
read as the same court, its 城区 taken for no level; 恒通银行支行 read as an unknown unit
though the 分行's text speaks of its 支行 — both fixed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doclib import open_library

from rag.kin_units import other_place
from rag.service import Library

DATA = Path(__file__).resolve().parent / "data" / "own" / "neighbours"


def _check(lib: Library, expect: str, question: str, name: str) -> None:
    a = lib.ask(question)
    if expect == "A":
        assert a.found, a.answer
        assert any(name in c.department for c in a.citations), a.answer
    else:
        assert not a.found, a.answer
        refusal = next(b.text for b in a.blocks if b.kind == "refusal")
        assert refusal.startswith("未在文档中找到") and name in refusal, refusal


TUNED = [
    # 1. unit + common noun
    ("A", "卫健委公立医院改革里党建怎么抓的", "桐江市卫生健康委员会"),
    ("A", "教育局直属学校党建情况", "桐江市教育局"),
    ("A", "税务局基层分局的做法", "桐江市税务局"),
    ("A", "税务局所属分局党建标准化怎么做", "桐江市税务局"),
    ("A", "交通局下属单位党建怎么抓", "桐江市交通运输局"),
    ("A", "交通局执法支队党建怎么抓的", "桐江市交通运输局"),
    ("A", "卫健委疾控中心党建有什么安排", "桐江市卫生健康委员会"),
    ("A", "卫健委基层医院党建怎么抓", "桐江市卫生健康委员会"),
    ("A", "卫健委系统医院党建怎么抓的", "桐江市卫生健康委员会"),
    ("R", "教育局职业学校党建怎么抓的", "教育局职业学校"),
    ("R", "税务局稽查局党建怎么做的", "税务局稽查局"),
    # 2. the unit's own short forms
    ("A", "区市场监管局党建工作总结讲了什么", "北湖区市场监督管理局"),
    ("A", "北湖区市场监管局的党建总结", "北湖区市场监督管理局"),
    ("A", "市场监管局今年推进党建与业务融合做了什么", "北湖区市场监督管理局"),
    ("A", "桐江中院党风廉政建设会议讲了什么", "桐江市中级人民法院"),
    ("A", "华信银行分行党建计划有哪些", "华信银行桐江分行"),
    ("A", "分行网点党支部建设怎么安排的", "华信银行桐江分行"),
    # 2. parent, child, sibling
    ("R", "桐江市市场监督管理局推进党建与业务融合做了什么", "桐江市市场监督管理局"),
    ("R", "桐江市市场监管局2024年党建工作总结讲了什么", "桐江市市场监管局"),
    ("R", "华信银行总行党建计划有哪些", "华信银行总行"),
    ("R", "华信银行东港支行党建计划有哪些", "华信银行东港支行"),
    ("R", "桐江省高级人民法院党风廉政建设讲了什么", "桐江省高级人民法院"),
    ("R", "北湖区人民法院党风廉政建设工作怎么部署的", "北湖区人民法院"),
    ("R", "北湖区法院党风廉政建设讲了什么", "北湖区法院"),
    ("A", "市法院党风廉政建设讲了什么", "桐江市中级人民法院"),
    ("R", "南湖区市场监督管理局推进党建与业务融合做了什么", "南湖区市场监督管理局"),
    ("R", "南湖区市场监管局党建工作总结讲了什么", "南湖区市场监管局"),
    # a real division one character off the department's is another place, no typo
    ("R", "海淀区司法局今年党建工作要点有哪些", "海淀区司法局"),
    ("A", "海曙区司法局今年党建工作要点有哪些", "海曙区司法局"),
    ("A", "司法局司法所党支部规范化建设怎么推进", "海曙区司法局"),
]

HELD_OUT = [
    ("A", "区卫健局社区卫生服务中心党建怎么做", "河西区卫生健康局"),
    ("A", "卫健局今年党建工作要点有哪些", "河西区卫生健康局"),
    ("A", "河西区卫健局区属公立医院怎么落实院长负责制", "河西区卫生健康局"),
    ("A", "卫健局公立医院党建有什么要求", "河西区卫生健康局"),
    ("R", "岚川市卫健委今年党建工作要点有哪些", "岚川市卫"),
    ("R", "岚川市卫生健康局公立医院党建有什么要求", "岚川市卫生健康局"),
    ("R", "河东区卫健局今年党建工作要点有哪些", "河东区卫健局"),
    ("R", "河东区卫生健康局社区卫生服务中心党建怎么做", "河东区卫生健康局"),
    ("A", "检察院对基层检察院党建工作怎么指导的", "岚川市人民检察院"),
    ("A", "市检察院基层检察院党支部书记述职评议", "岚川市人民检察院"),
    ("A", "岚川检察院党建工作总结讲了哪些", "岚川市人民检察院"),
    ("R", "岚川省人民检察院党建工作总结讲了哪些", "岚川省人民检察院"),
    ("R", "河西区人民检察院从严管党治检做了什么", "河西区人民检察院"),
    # (written with the level-word court rule, before its first run on them)
    ("R", "河东区检察院从严管党治检做了什么", "河东区检察院"),
    ("R", "县检察院开展了哪些党建工作", "县检察院"),
    ("A", "市检察院从严管党治检做了什么", "岚川市人民检察院"),
    ("A", "农商银行支行党建计划有哪些", "丰源农村商业银行岚川支行"),
    ("A", "丰源农商银行岚川支行整村授信走访多少户", "丰源农村商业银行岚川支行"),
    ("A", "支行清廉金融建设怎么安排", "丰源农村商业银行岚川支行"),
    ("R", "丰源农村商业银行总行党建计划有哪些", "丰源农村商业银行总行"),
    ("R", "丰源农村商业银行河东支行整村授信走访多少户", "河东支行"),
    ("A", "民政局下属事业单位党建怎么抓", "岚川市民政局"),
    ("A", "民政局救助管理站党支部标准化建设", "岚川市民政局"),
    ("A", "民政局养老服务机构党建怎么推进", "岚川市民政局"),
    ("A", "文旅局图书馆党支部开展什么活动", "岚川市文化广电旅游局"),
    ("A", "文旅局直属单位党建有哪些", "岚川市文化广电旅游局"),
    ("R", "文旅局博物馆党建怎么抓的", "博物馆"),
]

HELD_OUT2 = [
    ("A", "区教育局区属中小学党建怎么抓", "松阳区教育局"),
    ("A", "教育局民办学校党组织建设有什么要求", "松阳区教育局"),
    ("A", "松阳区教育局今年党建要点有几部分", "松阳区教育局"),
    ("R", "沂澜市教育局今年党建要点有几部分", "沂澜市教育局"),
    ("R", "临溪区教育局民办学校党组织建设有什么要求", "临溪区教育局"),
    ("A", "公安局派出所党支部建设怎么搞的", "沂澜市公安局"),
    ("A", "公安局交警支队党建品牌叫什么", "沂澜市公安局"),
    ("R", "松阳区公安分局派出所党支部建设怎么搞的", "松阳区公安分局"),
    ("A", "瑞华银行沂澜分行党建工作计划有几项", "瑞华银行股份有限公司沂澜分行"),
    ("A", "分行党委怎么抓清廉金融", "瑞华银行股份有限公司沂澜分行"),
    ("R", "瑞华银行总行党委怎么抓清廉金融", "瑞华银行总行"),
    ("R", "瑞华银行滨江支行党建工作计划有几项", "滨江支行"),
    ("A", "区委组织部今年党建工作要点有哪些", "松阳区委组织部"),
    ("A", "组织部基层党组织书记培训怎么安排", "松阳区委组织部"),
    ("R", "沂澜市委组织部今年党建工作要点有哪些", "沂澜市委组织部"),
    ("R", "临溪区委组织部基层党组织书记培训怎么安排", "临溪区委组织部"),
]

HELD_OUT3 = [
    ("A", "姑苏区人社局今年机关党建计划有哪些", "姑苏区人力资源和社会保障局"),
    ("A", "人社局下属事业单位党支部标准化建设", "姑苏区人力资源和社会保障局"),
    ("A", "人社局就业服务中心党支部怎么建", "姑苏区人力资源和社会保障局"),
    ("A", "区人社局就业先锋服务队办了多少场招聘会", "姑苏区人力资源和社会保障局"),
    ("R", "苏州市人社局今年机关党建计划有哪些", "苏州市人社局"),
    ("R", "吴中区人社局今年机关党建计划有哪些", "吴中区人社局"),
    ("R", "吴中区人力资源和社会保障局党建引领稳就业怎么做", "吴中区人力资源和社会保障局"),
    ("A", "区法院党建工作会议讲了什么", "姑苏区人民法院"),
    ("A", "法院审判团队党小组怎么设置", "姑苏区人民法院"),
    ("A", "法院人民法庭党支部参与基层治理", "姑苏区人民法院"),
    ("R", "相城区法院党建工作会议讲了什么", "相城区法院"),
    ("R", "苏州市中级人民法院审判团队党小组怎么设置", "苏州市中级人民法院"),
    ("A", "分行党委金融助企走访多少家企业", "恒通银行苏州分行"),
    ("A", "恒通银行支行党支部一支部一品牌怎么推", "恒通银行苏州分行"),
    ("R", "恒通银行总行廉洁风险防控怎么做", "恒通银行总行"),
    ("R", "恒通银行无锡分行党建工作要点有哪些", "恒通银行无锡分行"),
]


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(tmp_path_factory, "nb-tuned", bundled_embedder, folders=[DATA / "tuned"])


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "nb-heldout", bundled_embedder, folders=[DATA / "heldout"]
    )


@pytest.fixture(scope="module")
def heldout2(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "nb-heldout2", bundled_embedder, folders=[DATA / "heldout2"]
    )


@pytest.mark.parametrize(("expect", "question", "name"), TUNED)
def test_tuned(tuned: Library, expect: str, question: str, name: str) -> None:
    _check(tuned, expect, question, name)


@pytest.mark.parametrize(("expect", "question", "name"), HELD_OUT)
def test_held_out(heldout: Library, expect: str, question: str, name: str) -> None:
    _check(heldout, expect, question, name)


@pytest.mark.parametrize(("expect", "question", "name"), HELD_OUT2)
def test_held_out2(heldout2: Library, expect: str, question: str, name: str) -> None:
    _check(heldout2, expect, question, name)


@pytest.fixture(scope="module")
def heldout3(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: object) -> Library:
    return open_library(
        tmp_path_factory, "nb-heldout3", bundled_embedder, folders=[DATA / "heldout3"]
    )


@pytest.mark.parametrize(("expect", "question", "name"), HELD_OUT3)
def test_held_out3(heldout3: Library, expect: str, question: str, name: str) -> None:
    _check(heldout3, expect, question, name)


@pytest.mark.parametrize(
    ("question", "department", "other"),
    [
        # the parent's: the inner place left out
        ("青州市市场监管局", "青州市东城区市场监督管理局", "青州市市场监管局"),
        # a sibling's: another place of the same level
        ("西城区市场监管局", "青州市东城区市场监督管理局", "西城区市场监管局"),
        # a child's: a place the name does not hold
        ("东城区卫健委", "青州市卫生健康委员会", "东城区卫健委"),
        # the unit's own: its innermost place, its level alone, none
        ("东城区市场监管局", "青州市东城区市场监督管理局", None),
        ("区市场监管局", "青州市东城区市场监督管理局", None),
        ("市场监管局", "青州市东城区市场监督管理局", None),
        ("青州市东城区市场监管局", "青州市东城区市场监督管理局", None),
    ],
)
def test_other_place(question: str, department: str, other: str | None) -> None:
    span = other_place(question, 0, len(question), department)
    assert (question[span[0] : span[1]] if span else None) == other
