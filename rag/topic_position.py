"""Where a word stands in a question: on the side of its topic (what is asked about) or of
its ask (the act or the kind of content asked for).

A question of the genre reads [unit][year][对/在/关于] TOPIC [工作/方面/情况] ASK, the ask
opening with an interrogative (有什么, 有哪些, 怎么, 如何, 是否): 档案局的保密工作怎么部署 —
保密 is the topic, 部署 the act; 对党员酒驾有什么处理规定 — 处理规定 is the kind of content
asked, not its topic. A verb right after 怎么/如何 or right before 什么/啥 (发挥什么作用, 做了啥)
is the act whatever its tag.

Pure functions over the question (normalised) and its words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["is_act", "topic_side", "without_kind_tail", "without_localizer"]

# The first interrogative of the ask (a closed class of the grammar): what stands before it
# is the topic. (是否/有没有 ask whether: the topic precedes them too.)
_ASK = re.compile(
    r"有什么|有哪些|有啥|有没有|是否|是不是|是什么|是啥|是如何|是怎么|怎么|怎样|如何|咋|哪|"
    r"什么|啥|多少|多大|多高|多长|多久|几|何时|谁|"
    # a request to find or list (…的地方都找出来, 列一下): what follows is the asker's own
    r"找出|找一下|列出|列一下|查一下|搜一下"
)
# What precedes an act: the act asked is the verb after it (怎么部署, 如何推进, 是怎么抓的).
# (What follows a count's interrogative is the thing counted, asked too: 多少亿元, 几名.)
_BEFORE_ACT = re.compile(r"(?:怎么样?|怎样|如何|咋|是否|有没有|要不要|该怎么|应该?|多少|几)$")
# What follows an act: an aspect particle, the thing asked or a count (发挥什么作用, 做了啥,
# 搞过, 分成几个部分).
_AFTER_ACT = re.compile(r"^(?:[了过着]|什么|啥|哪|几|多少|[一二两三四五六七八九十\d]+[个项条部])")
# Verbs that are never a topic (closed classes of the grammar): auxiliaries of intention or
# obligation (准备怎么搞, 打算, 需要), verbs of asking or telling (介绍, 梳理, 说说), a
# 所-phrase (所列, 所讲: the document's words, pointed at), and the words below.
_NO_TOPIC = re.compile(
    r"^(?:准备|打算|计划|想要|将要|需要|应该|应当|可以|能够|必须|"
    r"介绍|说明|概括|归纳|梳理|罗列|列举|汇总|整理|解释|告诉|提供|说说|讲讲|谈谈|聊聊|看看|"
    r"展开|细说|详说|细讲|详谈|说一下|讲一下|"
    r"查查|查找|找找|全列|列全|列出|全部列|列明|列清|列示|"
    # verbs of bearing a task (由X承担的任务, X牵头的): the relation asked, not a topic
    r"承担|负责|牵头|分管|主抓)$|^所[\u4e00-\u9fff]|"
    # a word holding the asker or the addressee (帮我, 我列, 给您): the request's, not the text's
    r"[我你您咱]|"
    # a demonstrative with its measure word (那块, 这方面, 那部分): pointing, naming nothing
    r"^[这那](?:块|个|些|方面|部分|项|条|段|里|次)$|"
    # when, how often (接下来, 今后, 一般, 通常): the time or habit asked, not the work
    r"^(?:接下来|下一步|下阶段|下一阶段|今后|往后|以后|将来|未来|近期|眼下|目前|当前|"
    r"一般|通常|往往|经常|平时|平常|一直|总是|大概|大约|基本|主要|"
    # in fact, after all (实际开展了几场): the asker's stress, not the work
    r"实际|实际上|真正|确实|究竟|到底|具体|"
    # hearsay and hedges (好像有个单位…, 听说, 印象中): the asker's doubt, not the work
    r"好像|似乎|仿佛|听说|据说|听人说|印象中|记得|貌似|大概是|可能是)$"
)


def topic_side(question: str, words: Sequence[str]) -> list[str]:
    """The ``words`` that stand before the question's first interrogative, in the
    question's order: all of them when it has none or opens with it, none when other words
    (the unit's, the request's) fill the place before it."""
    m = _ASK.search(question)
    if m is None:
        return sorted(words, key=lambda w: question.find(w))
    before = [w for w in words if 0 <= question.find(w) < m.start()]
    if not before and m.start() > _OPENING:
        return []  # (the topic's words were the unit's or the request's: none left)
    return sorted(before or words, key=lambda w: question.find(w))


# A question opening with its interrogative (有哪些…, 请问哪些…): its topic follows.
_OPENING = 2


def is_act(word: str, question: str) -> bool:
    """``word`` is the act the question asks about (its first place in the question
    follows 怎么/如何 or precedes 了/什么/啥/a count) or a verb that is never a topic
    (``_NO_TOPIC``), not its topic."""
    if _NO_TOPIC.search(word):
        return True
    at = question.find(word)
    if at < 0:
        return False
    return bool(_BEFORE_ACT.search(question[:at]) or _AFTER_ACT.match(question[at + len(word) :]))


def without_kind_tail(word: str, is_kind: Callable[[str], bool]) -> str:
    """A compound of a topic and a word naming a kind of content (统战工作, 保密情况 → 统战,
    保密; ``is_kind`` says which tails name one): the topic part, else ``word``."""
    if len(word) < 4:
        return word
    head, tail = word[:-2], word[-2:]
    return head if is_kind(tail) and not is_kind(head) else word


# Localizers (a closed class of the grammar): 村里, 会上, 局内 — the place is the noun before.
_LOCALIZER = "里上中内下外间"


def without_localizer(word: str) -> str:
    """A place word made of a noun and a localizer (村里, 会上): the noun, else ``word``."""
    return word[:-1] if len(word) >= 2 and word[-1] in _LOCALIZER else word
