"""Two revenue contracts the tests sign: an advertiser paying directly, monthly from 10 March
2024, and the property company collecting parking fees for the compound from January."""

from __future__ import annotations

import datetime as dt

from ledger.domain.contract import ContractKind
from ledger.domain.rules import Frequency
from ledger.services.contracts import NewContract

ADS = NewContract(
    "GG-2024-01", "电梯广告公司", ContractKind.DIRECT, "advertising", Frequency.MONTHLY,
    300_000, dt.date(2024, 3, 10), due_day=5,
)  # fmt: skip
PARKING = NewContract(
    "WY-2024-01", "物业服务公司", ContractKind.COLLECTION, "parking", Frequency.MONTHLY, 0,
    dt.date(2024, 1, 1),
)  # fmt: skip
