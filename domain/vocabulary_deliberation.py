"""Chinese labels of deliberation codes the console shows: topic states, the pipeline's stages,
and the commands on topics and sittings (merged into domain/vocabulary.py's one table).

The words of the trace records themselves (categories, forms, checks …) stay in
application/records/words.py, which the records and the console's forms both use.
"""

from __future__ import annotations

DELIBERATION_ACTIONS: dict[str, str] = {
    # topics (WZ-5.1 … WZ-5.8, JH-5.4, LS-2.4.9, LS-2.4.11, LS-3.2.4)
    "register": "登记议题",
    "review": "审核议题",
    "notify_proposer": "告知提出人",
    "plan": "确定协商方案",
    "draft_rules": "拟订议事规则",
    "announce": "公告协商事宜",
    "open_sitting": "召开协商会议",
    "consult": "走访征求意见",
    "file": "备案",
    "communicate": "传达结果",
    "correct": "纠正结果",
    "correct_result": "街道纠正结果",  # WZ-5.7-b
    "implement": "落实",
    "explain_dissent": "解释说明",
    "report": "落实情况报告",
    "refer": "提交表决",
    "appraise": "民主评议",
    "post": "公开张贴",
    "archive": "归档",
    "reopen": "重新协商",
    # sittings (WZ-5.5, WZ-5.6)
    "sign_in": "签到",
    "open_vote": "发起表决",
    "explain": "说明议题",
    "request_floor": "申请发言",
    "speak": "记录发言",
    "expert_statement": "专家论证",
    "cast": "投票",
    "record_counts": "录入票数",
    "close_vote": "结束表决",
    "note_discussion": "记录讨论",
    "attach_media": "登记会议记录",
    "settle": "宣布协商结果",
}

DELIBERATION_LABELS: dict[str, dict[str, str]] = {
    "outcome": {  # WZ-5.6-c, as the records word them
        "consensus": "达成一致意见",
        "terminated": "终止协商",
        "redeliberate": "时机成熟后再次协商",
        "major_decision": "上升为重大决策事项，进入“五议两公开”程序",
    },
    "topic_status": {
        "proposed": "已提出",
        "registered": "已登记",
        "approved": "审核通过",
        "rejected": "审核未通过",
        "planned": "已确定方案",
        "announced": "已公告",
        "sitting": "协商中",
        "implementing": "落实中",
        "terminated": "已终止",
        "redeliberate": "待再次协商",
        "major_decision": "重大决策程序",
    },
    "stage": {
        "proposed": "提出",
        "reviewed": "审核",
        "planned": "确定方案",
        "announced": "公告",
        "sitting": "协商会议",
        "outcome": "形成结果",
        "filed": "备案",
        "communicated": "传达",
        "implemented": "落实",
        "archived": "归档",
    },
    "topic_role": {
        "proposer": "提出人",
        "convenor": "召集人",
        "recorder": "记录人",
        "guide": "指导人",
        "host": "主持人",
        "participant": "参与人",
    },
    "choice": {"yes": "赞成", "no": "反对", "abstain": "弃权"},
    "topic_event": {
        "TopicProposed": "提出议题",
        "TopicRegistered": "登记议题",
        "TopicReviewed": "两委联席会议审核",
        "ProposerNotified": "告知提出人",
        "TopicPlanned": "确定协商方案",
        "RulesDrafted": "拟订议事规则草案",
        "TopicAnnounced": "公告协商事宜",
        "ConsultationRecorded": "走访征求意见",
        "SittingStarted": "召开协商会议",
        "OutcomeRecorded": "形成协商结果",
        "StepRecorded": "办理",
        "ImplementationReported": "落实情况报告（已公示）",  # WZ-5.8-d
        "DeliberationReopened": "重新协商",
        "DeadlinePassed": "超过期限",
    },
}
