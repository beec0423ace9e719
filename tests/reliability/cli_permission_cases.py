"""Every command-line command that checks a permission, with the action it needs and an
argument list aimed at a target that exists in the demo street up to 2022-06 (project 1 and its
quotes; a draft or seal line made by `setup`). A command not listed here must be listed in
`NO_PERMISSION` with the reason, so a new command fails the suite until someone classifies it.

`{0}` in an argument stands for the last line the set-up step printed (an id)."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.roles import Action, Role
from tests.cli.support import YBHY

Y = ("--compound", YBHY)
MONTH = ("--compound", YBHY, "--month", "2022-06")
USERS = {
    Role.TREASURER: "ybhy_cn",
    Role.COMMITTEE: "ybhy_zr",
    Role.SUPERVISOR: "ybhy_jd",
    Role.COMMUNITY: "yb_shequ",
    Role.STREET: "admin",
    Role.AUDITOR: "auditor",
}
DRAFT = ("entry", "add", *Y, "--date", "2022-06-20", "--memo", "测试", "--line", "1002:1")
DRAFT += ("--line", "4301:-1", "--user", "ybhy_cn")
SEAL = ("seal", "request", *Y, "--kind", "other", "--document", "文件", "--purpose", "盖章")
SEAL += ("--user", "ybhy_zr")
COMPLAINT = ("complaint", "add", *Y, "--channel", "hotline", "--date", "2022-06-20")
COMPLAINT += ("--resident", "王女士", "--content", "停车费")
# Objections are taken only in the notice period (project 1: 2022-06-27 to 07-03), so the test
# files this one through the service on a clock inside it.
OBJECTION = ("<objection>",)


@dataclass(frozen=True)
class CliCase:
    command: str  # the leaf command and, where one leaf does two things, which one
    action: Action
    argv: tuple[str, ...]
    setup: tuple[str, ...] = ()

    @property
    def leaf(self) -> str:
        """The parser's leaf command: `month sign committee` → `month sign`."""
        words = self.command.split()
        return (
            " ".join(words[:2])
            if words[0] == "month"
            else words[0]
            if words[0] == "pay"
            else self.command
        )

    def __str__(self) -> str:
        return self.command.replace(" ", "-")


CASES = [
    CliCase("entry add", Action.DRAFT_ENTRY, DRAFT[:-2]),
    CliCase(
        "income",
        Action.DRAFT_ENTRY,
        ("income", *Y, "--date", "2022-06-21", "--category", "parking", "--gross", "100"),
    ),
    CliCase("entry approve", Action.APPROVE_ENTRY, ("entry", "approve", "{0}"), DRAFT),
    CliCase(
        "entry reverse",
        Action.REVERSE_ENTRY,
        ("entry", "reverse", "记-2022-06-0001", *Y, "--reason", "录错"),
    ),
    CliCase(
        "project propose",
        Action.PROPOSE_PROJECT,
        (
            "project",
            "propose",
            *Y,
            "--title",
            "电梯维修",
            "--need",
            "电梯停运",
            "--proposer",
            "楼栋长",
            "--estimate",
            "1000",
        ),
    ),
    CliCase(
        "project verify",
        Action.VERIFY_PROJECT,
        ("project", "verify", "1", "--method", "phone", "--evidence", "属实"),
    ),
    CliCase(
        "project review",
        Action.REVIEW_PROJECT,
        ("project", "review", "1", "--reviewer", "司法所", "--opinion", "合法"),
    ),
    CliCase(
        "project quote",
        Action.QUOTE_PROJECT,
        ("project", "quote", "1", "--vendor", "甲", "--amount", "100", "--document", "报价"),
    ),
    CliCase("project choose", Action.CHOOSE_QUOTE, ("project", "choose", "1", "--quote", "1")),
    CliCase(
        "project vote",
        Action.RECORD_VOTE,
        (
            "project",
            "vote",
            "1",
            "--body",
            "committee",
            "--members",
            "5",
            "--present",
            "5",
            "--for",
            "5",
            "--against",
            "0",
            "--abstain",
            "0",
        ),
    ),
    CliCase(
        "project approve", Action.GATE_PROJECT, ("project", "approve", "1", "--opinion", "同意")
    ),
    CliCase("project publish", Action.PUBLISH_PROJECT, ("project", "publish", "1")),
    CliCase(
        "project object",
        Action.FILE_OBJECTION,
        ("project", "object", "1", "--resident", "甲", "--content", "太贵"),
    ),
    CliCase(
        "project resolve",
        Action.RESOLVE_OBJECTION,
        ("project", "resolve", "{0}", "--outcome", "dismissed", "--answer", "已解释"),
        OBJECTION,
    ),
    CliCase("project start", Action.START_PROJECT, ("project", "start", "1")),
    CliCase(
        "project accept",
        Action.ACCEPT_PROJECT,
        ("project", "accept", "1", "--result", "合格", "--by", "业委会"),
    ),
    CliCase("project close", Action.CLOSE_PROJECT, ("project", "close", "1")),
    CliCase(
        "project reject", Action.REJECT_PROJECT, ("project", "reject", "1", "--reason", "否决")
    ),
    CliCase(
        "project withdraw",
        Action.WITHDRAW_PROJECT,
        ("project", "withdraw", "1", "--reason", "撤回"),
    ),
    CliCase(
        "pay",
        Action.DRAFT_PAYMENT,
        ("pay", "--project", "1", "--amount", "100", "--payee", "甲", "--date", "2022-06-25"),
    ),
    CliCase(
        "pay approve", Action.GATE_PAYMENT, ("pay", "approve", "{0}", "--opinion", "同意"), DRAFT
    ),
    CliCase("seal request", Action.REQUEST_SEAL, SEAL[:-2]),
    CliCase(
        "seal approve", Action.APPROVE_SEAL, ("seal", "approve", "{0}", "--opinion", "同意"), SEAL
    ),
    CliCase("seal use", Action.USE_SEAL, ("seal", "use", "{0}"), SEAL),
    CliCase("complaint add", Action.RECORD_COMPLAINT, COMPLAINT),
    CliCase(
        "complaint answer",
        Action.ANSWER_COMPLAINT,
        ("complaint", "answer", "{0}", "--answer", "已答复"),
        (*COMPLAINT, "--user", "ybhy_zr"),
    ),
    CliCase("month prepare", Action.PREPARE_MONTH, ("month", "prepare", *MONTH)),
    CliCase("month review", Action.REVIEW_MONTH, ("month", "review", *MONTH, "--approve")),
    CliCase(
        "month sign committee",
        Action.SIGN_MONTH_COMMITTEE,
        ("month", "sign", *MONTH, "--as", "committee"),
    ),
    CliCase(
        "month sign community",
        Action.SIGN_MONTH_COMMUNITY,
        ("month", "sign", *MONTH, "--as", "community"),
    ),
    CliCase("month publish", Action.PUBLISH_MONTH, ("month", "publish", *MONTH)),
    CliCase("audit", Action.AUDIT, ("audit", *Y, "--from", "2022-01", "--to", "2022-06")),
    CliCase(
        "setup community",
        Action.MANAGE_ORG,
        ("setup", "community", "--street", "迎宾街道", "--name", "新社区"),
    ),
    CliCase(
        "setup user",
        Action.MANAGE_USERS,
        ("setup", "user", "--name", "newbie", "--display-name", "新人"),
    ),
    CliCase(
        "setup grant",
        Action.MANAGE_USERS,
        ("setup", "grant", "--to", "ybhy_cn", "--role", "committee", *Y),
    ),
]

# Commands without a permission check of their own, each with the reason.
NO_PERMISSION: dict[str, str] = {
    "demo": "builds a new demo file; refuses to overwrite one without --force",
    "init-db": "creates or upgrades the schema of an empty or older file; no user yet",
    "serve-db-init": "the same for a shared database, run by whoever administers it",
    "users": "lists users and roles; no login",
    "roles": "prints the permissions matrix; no login",
    "backup": "a consistent copy of the whole file, made by whoever can read the file",
    "restore": "into an empty database only, then verified",
    "tui": "the terminal UI logs in and calls the same services",
    "verify": "read-only, no login",
    "verify-notice": "read-only, no login",
    "balance": "read model, no login (Action.READ: every role)",
    "entry list": "read model, no login",
    "entry show": "read model, no login",
    "entry discard": "only the draft's maker may discard it (a maker check, not a role)",
    "seal list": "read model, no login",
    "complaint list": "read model, no login",
    "project show": "read model, no login",
    "project list": "read model, no login",
    "month status": "read model, no login",
    "statement": "read model, no login",
    "voucher": "prints a posted voucher (Action.READ)",
    "project-notice": "prints a published notice (Action.READ)",
    "notice": "prints the month's notice (Action.READ)",
    "street-report": "prints the street's summary (Action.READ)",
    "export beancount": "Action.EXPORT: every role holds it",
    "export xlsx": "Action.EXPORT: every role holds it",
    "export csv": "Action.EXPORT: every role holds it",
    "export template": "an empty import template",
    "export journal": "Action.EXPORT: every role holds it",
    "export audit": "Action.AUDIT, the same service as `audit` (listed there)",
    "setup street": "bootstraps an empty database with its first street admin",
    "setup compound": "Action.MANAGE_ORG, the same check as `setup community` (listed there)",
    "setup opening": "opening balances are an entry draft: Action.DRAFT_ENTRY (see `entry add`)",
    "import beancount": "imports drafts: Action.DRAFT_ENTRY (see `entry add`)",
    "import xlsx": "imports drafts: Action.DRAFT_ENTRY (see `entry add`)",
    "bank import": "issue 7: Action.IMPORT_BANK, tested by its own suite",
    "bank match": "issue 7: Action.IMPORT_BANK, tested by its own suite",
    "reconcile": "issue 7: Action.RECONCILE, tested by its own suite",
    "contract add": "issue 7: Action.MANAGE_CONTRACT, tested by its own suite",
    "contract list": "read model",
    "contract show": "read model",
    "contract end": "issue 7: Action.MANAGE_CONTRACT, tested by its own suite",
    "contract accrue": "issue 7: drafts an entry, tested by its own suite",
    "contract receive": "issue 7: drafts an entry, tested by its own suite",
    "collection record": "issue 7: drafts an entry, tested by its own suite",
    "collection transfer": "issue 7: drafts an entry, tested by its own suite",
    "arrears": "read model",
    "fund-share": "read model",
    "fund-transfer": "issue 7: drafts an entry, tested by its own suite",
}
