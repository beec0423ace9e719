"""Complaints and suggestions from residents: the channels they come through."""

from __future__ import annotations

from enum import StrEnum

from ledger.domain.errors import InvalidInput


class Channel(StrEnum):
    HOTLINE = "hotline"
    BOX = "box"
    VISIT = "visit"
    ONLINE = "online"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Channel:
        value = (text or "").strip()
        for channel in cls:
            if value in (channel.value, channel.label):
                return channel
        names = "、".join(f"{c.value}（{c.label}）" for c in cls)
        raise InvalidInput(f"未知的投诉建议渠道「{text}」：可选 {names}", channel=text)


CHANNEL_LABELS = {
    Channel.HOTLINE: "热线",
    Channel.BOX: "意见箱",
    Channel.VISIT: "来访",
    Channel.ONLINE: "网上",
    Channel.OTHER: "其他",
}
