"""Documents written for tests (invented organisations) that more than one test file
reads. Where two files need one document with a different last section, the part they
share is here and each file adds its own."""

from __future__ import annotations

# 临江市自然资源局's summary of 2024: a year's summary, the only document of its organ.
LINJIANG_LAND_SUMMARY_2024 = """临江市自然资源局2024年党建工作总结

一、主要成效
全年召开党组理论学习中心组学习会14次，开展“耕地保护党员在行动”活动9次。
二、存在的不足
基层党支部活动形式较为单一。

中共临江市自然资源局党组
2024年12月28日
"""


def qinghe_health_summary(last: str) -> str:
    """青禾区卫生健康局's summary of 2024: its basic facts and three items of its main work
    (counts of study sessions, activists, new members, warning sessions), then ``last``
    (a further item of the main work, or a next section), then its signature."""
    return f"""青禾区卫生健康局2024年党建工作总结

一、基本情况
局党组下设党支部8个，现有党员214名。

二、主要工作
（一）强化理论武装。全年开展集中学习14次，举办读书班2期。
（二）夯实基层基础。吸收入党积极分子11名，发展党员6名。
（三）推进医德医风建设。开展警示教育3场，签订廉洁承诺书1200余份。
{last}
中共青禾区卫生健康局党组
2024年12月30日
"""
