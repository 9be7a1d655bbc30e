"""Why a deliberation command was refused, in Chinese, by the rule the refusal names.

The domain's refusals carry their rule ID (WZ-*, LS-*, JH-*, SX-*); the console shows what
the rule says to the person at the desk instead of the developer's English detail.
"""

from __future__ import annotations

from dataclasses import replace

from api.web.errors import Refusal, refusal

REASONS = {
    "WZ-5.1-a": "该身份不能提出此类议题，或议题不属于本社区（WZ-5.1-a）。",
    "WZ-5.2-a": "审核须逐项说明事项性质、涉及范围和可行性（WZ-5.2-a）。",
    "WZ-5.2-b": "此步骤由社区工作人员或议题指定的召集人、记录人办理（WZ-5.2-b）。",
    "WZ-5.3-c": "此人不是本次协商会议的参与人员（WZ-5.3-c）。",
    "WZ-5.4": "协商事宜须先公告，才能召开协商会议（WZ-5.4）。",
    "WZ-5.5-b": "发言规则：举手先表明立场，按顺序发言；"
    "每人发言次数已达议事规则规定的上限，不能再次发言（WZ-5.5-b）。",
    "WZ-5.5-c": "表决进行中或结果宣布后不能发言（WZ-5.5-c）。",
    "WZ-5.5-d": "只有到会的利益相关方可以表决，每人一票（WZ-5.5-d）。",
    "WZ-5.6-a": "须先签到；议题提出人先说明议题，再按规则发言（WZ-5.6-a）。",
    "WZ-5.6-b": "议事规则须先经表决通过，协商才能开始（WZ-5.6-b）。",
    "WZ-5.6-c": "协商结果须在至少一项表决结束、且没有进行中的表决后宣布；"
    "达成一致的须附可执行的落实意见（WZ-5.6-c）。",
    "WZ-5.6-e": "只有本社区监督委员会可以办理（WZ-5.6-e）。",
    "WZ-5.7-a": "备案须向居务监督委员会、社区党组织或有关部门报送（WZ-5.7-a）。",
    "WZ-5.8-a": "请选择落实方式：社区组织实施、其他利益相关方落实或报街道部门（WZ-5.8-a）。",
    "JH-4.2": "属于“五不议”的事项不能进入协商（JH-4.2）。",
    "JH-5.4": "须先备案、传达、公开张贴，再附档案编号归档（JH-5.4）。",
    "LS-2.4.9": "请选择提交居民（代表）会议表决或报街道党工委决定（LS-2.4.9）。",
    "LS-3.2.4": "民主评议给出0到100的整数分（LS-3.2.4）。",
    "LS-2.4.11": "须写明落实中发现的问题和重新协商的理由（LS-2.4.11）。",
    "BZ-D3": "您在本议题中没有办理此步骤的身份（BZ-D3）。",
    "JH-4.1": "请勾选议题属于“六必议”的哪一项（JH-4.1）。",
    "JH-5.3": "票数不符：投票数不能超过到会可表决人数（JH-5.3）。",
    "SX-T1": "请按规程确定议题为即时议或深入议，并在期限内协商（SX-T1）。",
    "WZ-5.3-b": "协商会议须在规定期限内召开（WZ-5.3-b）。",
    "WZ-5.3-d": "请选择规程中的协商形式（WZ-5.3-d）。",
    "WZ-5.5-a": "议事规则须先拟订，才能公告（WZ-5.5-a）。",
}
FRESH = "CONCURRENCY"  # the page showed an older version than the item has now


def deliberation_refusal(error: Exception) -> Refusal:
    """The page refusal, its detail in Chinese when the rule is one of deliberation's."""
    shown = refusal(error)
    if shown.rule_id == FRESH:
        return replace(
            shown,
            detail="页面显示的内容已过时：刚有人办理了此项。请刷新页面后再试。",
            allowed=["刷新页面后重试"],
        )
    reason = REASONS.get(shown.rule_id or "")
    return replace(shown, detail=reason) if reason else shown
