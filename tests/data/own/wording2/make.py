"""Builds the wording2 sets (issue 12, kinds V1–V5 of KINDS4 and W8 of KINDS3): rewordings
over invented documents of two new organisations. tuned.jsonl is over tuned/ (云溪县农业农村局
and a town news page), heldout.jsonl over heldout/ (松岭区人社局 and a street news page), with
other wordings; the held-out part is measured, never tuned on."""

import json
from pathlib import Path

HERE = Path(__file__).parent
YX = "云溪县农业农村局"
SL = "松岭区人力资源和社会保障局"

TUNED = [
    # V1: a part named by a paraphrase of its heading's theme
    (
        "tasks",
        "云溪县农业农村局要点里党组织建设这块，列一下条目",
        ["yx_points.txt"],
        ["规范支部设置", "建强支部班子", "推进支部标准化建设", "严格党员发展管理"],
        YX,
        None,
    ),
    (
        "tasks",
        "农业农村局党建要点中关于支部建设的那个板块都有哪几项",
        ["yx_points.txt"],
        ["规范支部设置", "建强支部班子", "推进支部标准化建设", "严格党员发展管理"],
        YX,
        None,
    ),
    # V1 positions
    (
        "tasks",
        "云溪县农业农村局党建要点最后一部分讲了哪些",
        ["yx_points.txt"],
        ["开展“清廉农业”建设", "整治形式主义"],
        YX,
        None,
    ),
    # W8: the words verbatim in a goal line
    (
        "tasks",
        "党建引领乡村产业振兴 举措",
        ["yx_points.txt"],
        [
            "组建“科技兴农”党员服务队6支",
            "开展“党员联户”活动",
            "建立产业项目党员领办制度",
            "推行“支部+合作社”模式",
        ],
        YX,
        None,
    ),
    # V2: the closing paragraph of the summary
    (
        "tasks",
        "农业农村局总结末尾关于下一步党建工作的打算有哪些",
        ["yx_summary.txt"],
        ["下一步，云溪县农业农村局将在2026年重点抓好三项工作"],
        YX,
        None,
    ),
    (
        "tasks",
        "云溪县农业农村局年度总结收尾处讲的明年思路是什么",
        ["yx_summary.txt"],
        ["下一步，云溪县农业农村局将在2026年重点抓好三项工作"],
        YX,
        None,
    ),
    # V3: 处 concordance
    (
        "term",
        "哪几处谈过网格化管理",
        ["yx_summary.txt", "yx_speech.txt", "yx_town_news.txt"],
        [
            "推行网格化管理，全局划分党建网格12个",
            "推进网格化管理，提升基层治理效能",
            "通过网格化管理收集群众诉求",
            "全镇已推行网格化管理",
        ],
        None,
        "网格化管理",
    ),
    (
        "term",
        "网格化管理 有几处说了",
        ["yx_summary.txt", "yx_speech.txt", "yx_town_news.txt"],
        [
            "推行网格化管理，全局划分党建网格12个",
            "推进网格化管理，提升基层治理效能",
            "通过网格化管理收集群众诉求",
            "全镇已推行网格化管理",
        ],
        None,
        "网格化管理",
    ),
    # V4: 哪一家 / 哪一级
    (
        "attribution",
        "党支部会议定期研究网格治理，是哪一级党组织提出的",
        ["yx_town_news.txt"],
        ["党支部会议必须定期研究网格治理工作"],
        "中共云溪县桃源镇委员会",
        None,
    ),
    (
        "attribution",
        "“支部会要定期研究网格治理”是哪一家单位的要求",
        ["yx_town_news.txt"],
        ["党支部会议必须定期研究网格治理工作"],
        "中共云溪县桃源镇委员会",
        None,
    ),
    # V5: a comparison whose side states the concept in other words
    (
        "compare",
        "局党组、机关党委和党支部各负什么责任，局长讲话和桃源镇新闻稿的写法有何不同",
        ["yx_speech.txt", "yx_town_news.txt"],
        ["一是要明确责任主体", "坚持上级带下级、层层传导压力", "三级联动机制"],
        YX,
        None,
    ),
]

HELDOUT = [
    (
        "tasks",
        "松岭区人社局要点中队伍建设方面有哪些任务",
        ["sl_points.txt"],
        ["加强领导班子建设", "实施党员素质提升计划", "开展“岗位建功”评选"],
        SL,
        None,
    ),
    (
        "tasks",
        "人社局党建要点里讲党员队伍的这部分，具体几条",
        ["sl_points.txt"],
        ["加强领导班子建设", "实施党员素质提升计划", "开展“岗位建功”评选"],
        SL,
        None,
    ),
    (
        "tasks",
        "松岭区人社局要点结尾那部分的任务",
        ["sl_points.txt"],
        ["开展廉政警示教育", "持续纠治“四风”"],
        SL,
        None,
    ),
    (
        "tasks",
        "党建引领就业服务提质有哪些措施",
        ["sl_points.txt"],
        ["设立“就业先锋岗”15个", "开展“送岗进社区”活动", "推行“党员帮办”服务"],
        SL,
        None,
    ),
    (
        "tasks",
        "人社局年终总结最后一段讲了来年党建要做哪些事",
        ["sl_summary.txt"],
        ["2026年，松岭区人力资源和社会保障局将重点做好三方面工作"],
        SL,
        None,
    ),
    (
        "tasks",
        "松岭区人社局总结结尾部分下一年的安排",
        ["sl_summary.txt"],
        ["2026年，松岭区人力资源和社会保障局将重点做好三方面工作"],
        SL,
        None,
    ),
    (
        "term",
        "“一窗通办”多少处提了",
        ["sl_summary.txt", "sl_speech.txt", "sl_street_news.txt"],
        [
            "推行“一窗通办”，全局窗口业务办理时限压缩40%",
            "深化“一窗通办”，打造群众满意窗口",
            "全面推行“一窗通办”",
            "推动“人社夜校”扩面增效，二是深化“一窗通办”改革",
            "青山街道还推行“一窗通办”",
        ],
        None,
        "一窗通办",
    ),
    (
        "term",
        "一窗通办这个做法，几处讲过",
        ["sl_summary.txt", "sl_speech.txt", "sl_street_news.txt"],
        [
            "推行“一窗通办”，全局窗口业务办理时限压缩40%",
            "深化“一窗通办”，打造群众满意窗口",
            "全面推行“一窗通办”",
            "推动“人社夜校”扩面增效，二是深化“一窗通办”改革",
            "青山街道还推行“一窗通办”",
        ],
        None,
        "一窗通办",
    ),
    (
        "attribution",
        "社区党组织每月必须开居民议事会，这是哪一个单位定的",
        ["sl_street_news.txt"],
        ["社区党组织每月必须召开一次居民议事会"],
        "中共松岭区青山街道工作委员会",
        None,
    ),
    (
        "attribution",
        "“在职党员要去社区报到”出自哪一份材料",
        ["sl_street_news.txt"],
        ["在职党员必须到社区报到服务"],
        "中共松岭区青山街道工作委员会",
        None,
    ),
    (
        "compare",
        "一级抓一级的责任体系，局长讲话跟青山街道新闻稿怎么写的，比一比",
        ["sl_speech.txt", "sl_street_news.txt"],
        ["一是要厘清责任分工", "坚持一级带一级、逐级抓落实", "三级联动体系"],
        SL,
        None,
    ),
]


def write(name: str, rows: list, tag: str) -> None:
    with (HERE / name).open("w", encoding="utf-8") as f:
        for i, (kind, q, docs, ev, dept, term) in enumerate(rows, 1):
            item = {
                "id": f"wording2-{tag}-{i:03d}",
                "question": q,
                "kind": kind,
                "docs": docs,
                "evidence": ev,
                "answer_points": [],
                "department": dept,
                "term": term,
            }
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write("tuned.jsonl", TUNED, "t")
    write("heldout.jsonl", HELDOUT, "h")
