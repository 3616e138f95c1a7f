"""Write ``orgs-tuned.jsonl`` and ``orgs-heldout.jsonl`` (questions naming a department by a
short form, a numbered short form or a bare organ word; ambiguous short forms name every
department that shares them). ``python tests/data/own/orgs/make_questions.py``"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

CU = "青梧农村信用合作联社党委"
JUS = "青梧市司法局"
TOB = "中共晴川市烟草专卖局党组"
H2 = "晴川市第二人民医院党委"
S1 = "中共晴川市第一中学委员会"
BANK = "晴川农村商业银行股份有限公司党委"
S3C = "晴川市第三小学党支部"
S3X = "青梧县第三小学党支部"

TUNED = [
    (
        "信用社的党员积分怎么扣分",
        "tasks",
        ["a01_credit_union_rules.txt"],
        [
            "无故不参加组织生活的，每次扣5分",
            "受到客户有效投诉的，每次扣3分",
            "违反廉洁从业规定的，视情节扣10至30分",
        ],
        CU,
    ),
    (
        "农信社积分细则 奖励积分有哪些情形",
        "tasks",
        ["a01_credit_union_rules.txt"],
        [
            "在揽存、助农贷款等业务竞赛中获奖的，每次加5分",
            "参加“金融夜校”“整村授信”等志愿服务的，每次加2分",
            "提出合理化建议被采纳的，每条加3分",
        ],
        CU,
    ),
    (
        "联社党员年度积分低于80分会怎样",
        "fact",
        ["a01_credit_union_rules.txt"],
        ["年度积分低于80分的党员，由支部书记进行谈心谈话"],
        CU,
    ),
    (
        "司法局今年抓支部建设有什么要求",
        "tasks",
        ["a02_justice_speech.txt"],
        ["推行支部书记年度述职，述职评议结果与干部年度考核挂钩"],
        JUS,
    ),
    (
        "司法局林振东的讲话讲了哪几点",
        "tasks",
        ["a02_justice_speech.txt"],
        [
            "一、正确看待成绩，准确把握新形势新要求",
            "二、聚焦重点任务，推动全面从严治党向纵深发展",
            "三、压实工作责任，确保各项部署落地见效",
        ],
        JUS,
    ),
    (
        "烟草局今年党建安排有几大块",
        "tasks",
        ["a03_tobacco_notice.txt"],
        [
            "一、强化政治引领",
            "二、夯实基层组织",
            "三、推进党建与专卖管理深度融合",
            "四、持之以恒正风肃纪",
        ],
        TOB,
    ),
    (
        "烟草专卖局今年计划发展党员几名",
        "fact",
        ["a03_tobacco_notice.txt"],
        ["全年计划发展党员5名"],
        TOB,
    ),
    (
        "市二院跟卫生院共建有哪些内容",
        "tasks",
        ["a04_hospital2_news.html"],
        ["一是支部结对", "二是专家下沉", "三是远程会诊"],
        H2,
    ),
    (
        "二院的红色医疗服务队多久下去坐诊一次",
        "fact",
        ["a04_hospital2_news.html"],
        ["每周派出骨干医生到卫生院坐诊、带教"],
        H2,
    ),
    (
        "市一中今年党建要点有哪几块",
        "tasks",
        ["a05_school1_points.md"],
        [
            "一、加强政治建设",
            "二、加强教师队伍建设",
            "三、加强学生思想政治工作",
            "四、加强党风廉政建设",
        ],
        S1,
    ),
    ("一中今年评几名师德标兵", "fact", ["a05_school1_points.md"], ["全年评选师德标兵10名"], S1),
    (
        "农商行去年党支部增加到多少个",
        "fact",
        ["a06_bank_summary.docx"],
        ["全行党支部由18个增加到23个"],
        BANK,
    ),
    (
        "晴川农商行党建总结里存在哪些问题",
        "tasks",
        ["a06_bank_summary.docx"],
        [
            "部分支部“三会一课”质量不高",
            "党建与业务融合的载体还不够丰富",
            "青年员工入党积极性有待提高",
        ],
        BANK,
    ),
    ("市三小那次主题党日分哪几个环节", "fact", ["a07_school3_news.txt"], ["活动分为三个环节"], S3C),
    (
        "县三小主题党日一般安排在什么时候",
        "fact",
        ["a08_county_school3_rules.txt"],
        ["原则上安排在每月第一周的星期五下午"],
        S3X,
    ),
    # 三小: two schools share it — both, no guess
    (
        "三小的主题党日多久搞一次",
        "fact",
        ["a07_school3_news.txt", "a08_county_school3_rules.txt"],
        ["今年学校将每月开展一次主题党日", "主题党日每月开展一次"],
        f"{S3C}；{S3X}",
    ),
    (
        "青梧三小主题党日的基本内容包括哪些",
        "tasks",
        ["a08_county_school3_rules.txt"],
        [
            "集中学习党的理论和上级文件精神",
            "交纳党费",
            "开展“党员示范课”或志愿服务",
            "通报支部工作，听取党员意见建议",
        ],
        S3X,
    ),
    # added after the first measurement (the held-out file was not changed): a list asked
    # of a form two schools share, and two organisations by short forms side by side
    (
        "三小主题党日都搞些什么内容",
        "tasks",
        ["a07_school3_news.txt", "a08_county_school3_rules.txt"],
        ["活动分为三个环节", "集中学习党的理论和上级文件精神", "交纳党费"],
        f"{S3C}；{S3X}",
    ),
    (
        "司法局和烟草局今年政治建设各怎么抓",
        "compare",
        ["a02_justice_speech.txt", "a03_tobacco_notice.txt"],
        ["抓实政治建设", "强化政治引领"],
        f"{JUS}；{TOB}",
    ),
]

CLINIC = "中共白沙镇卫生院支部委员会"
HRSS = "中共南屏县人力资源和社会保障局党组"
S2 = "南屏县第二中学党总支"
COOP = "中共南屏县供销合作社联合社党组"
CCB = "中国建设银行股份有限公司南屏支行党委"
P1X = "南屏县第一小学党支部"
P1T = "东岭镇第一小学党支部"
FIN = "中共南屏县财政局机关委员会"

HELDOUT = [
    (
        "卫生院主题党日每月几号开",
        "fact",
        ["b01_clinic_rules.txt"],
        ["主题党日固定在每月15日开展"],
        CLINIC,
    ),
    (
        "白沙镇卫生院党支部主题党日的六个一是哪些",
        "tasks",
        ["b01_clinic_rules.txt"],
        [
            "重温一次入党誓词",
            "集中学习一次党的理论",
            "交纳一次党费",
            "开展一次健康义诊或健康宣讲",
            "讲评一次党员履职情况",
            "收集一批群众意见建议",
        ],
        CLINIC,
    ),
    ("人社局去年新发展党员几名", "fact", ["b02_hrss_summary.txt"], ["新发展党员2名"], HRSS),
    (
        "县人社局党建总结分哪几部分",
        "tasks",
        ["b02_hrss_summary.txt"],
        [
            "一、坚持政治引领，理论武装持续深化",
            "二、坚持强基固本，支部建设全面进步",
            "三、坚持服务为民，党建业务深度融合",
            "四、存在的不足和2025年工作打算",
        ],
        HRSS,
    ),
    (
        "县二中青蓝结对的师徒每周要干啥",
        "fact",
        ["b03_school2_news.txt"],
        ["师徒双方每周至少互相听课一次"],
        S2,
    ),
    (
        "二中党总支三年要培养多少骨干教师",
        "fact",
        ["b03_school2_news.txt"],
        ["力争三年内培养县级以上骨干教师20名"],
        S2,
    ),
    (
        "供销社今年党建计划有哪几方面",
        "tasks",
        ["b04_coop_plan.txt"],
        ["一、加强思想政治建设", "二、加强基层组织建设", "三、加强作风和廉政建设"],
        COOP,
    ),
    (
        "供销社党组书记和班子成员多久谈心一次",
        "fact",
        ["b04_coop_plan.txt"],
        ["每半年不少于一次"],
        COOP,
    ),
    (
        "建行南屏支行今年党建要点有哪些",
        "tasks",
        ["b05_ccb_points.md"],
        ["一、强化政治引领", "二、建强基层堡垒", "三、服务地方发展", "四、从严正风肃纪"],
        CCB,
    ),
    ("建行今年普惠贷款打算新增多少", "fact", ["b05_ccb_points.md"], ["全年新增普惠贷款2亿元"], CCB),
    (
        "县一小党员教师每学期家访几户",
        "fact",
        ["b06_county_primary1_plan.md"],
        ["党员教师每学期家访不少于10户"],
        P1X,
    ),
    (
        "东岭镇一小的守则对廉洁从教有啥要求",
        "fact",
        ["b07_town_primary1_rules.txt"],
        ["不得有偿补课，不得收受学生家长礼品礼金"],
        P1T,
    ),
    # 一小: two schools share it — both, no guess
    (
        "一小对党员教师参加课后服务有什么要求",
        "fact",
        ["b06_county_primary1_plan.md", "b07_town_primary1_rules.txt"],
        ["党员教师带头承担课后服务", "积极参加课后服务"],
        f"{P1X}；{P1T}",
    ),
    (
        "财政局机关党委清廉机关创建有哪些内容",
        "tasks",
        ["b08_finance_notice.txt"],
        ["建强清廉队伍", "健全清廉制度", "培育清廉文化"],
        FIN,
    ),
    (
        "机关党委要求创建方案几号前报",
        "fact",
        ["b08_finance_notice.txt"],
        ["于3月15日前报机关党委办公室"],
        FIN,
    ),
]


def write(name: str, prefix: str, items: list, folder: str) -> None:
    lines = []
    for i, (q, kind, docs, evidence, dept) in enumerate(items, 1):
        for doc in docs:
            text = (
                (HERE / folder / doc).read_text(encoding="utf-8")
                if not doc.endswith(".docx")
                else ""
            )
            for e in evidence:
                assert (
                    not text
                    or e in text
                    or any(
                        e in (HERE / folder / d).read_text(encoding="utf-8")
                        for d in docs
                        if not d.endswith(".docx")
                    )
                ), (doc, e)
        row = {
            "id": f"{prefix}-{i:03d}",
            "question": q,
            "kind": kind,
            "docs": docs,
            "evidence": evidence,
            "answer_points": [],
            "department": dept,
            "term": None,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    (HERE.parent / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("orgs-tuned.jsonl", "orgs-tuned", TUNED, "tuned")
    write("orgs-heldout.jsonl", "orgs-heldout", HELDOUT, "heldout")
