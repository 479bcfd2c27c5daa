"""Count the messages a PST file holds by reading its node B-tree directly ([MS-PST] 2.2.2).

PST converters are known to drop items without a word (unreadable blocks, items whose folder is
missing, the Deleted Items folder skipped by default). To notice, we need the number of messages the
file itself declares, independently of the converter: every message is a node in the node B-tree
(NBT) with node type NID_TYPE_NORMAL_MESSAGE. Only the B-tree pages are read (they are never
encrypted), so this is fast and small: a page per 15-40 messages.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

NORMAL_MESSAGE = 0x04  # low 5 bits of a node id ([MS-PST] 2.2.2.1)
_MAGIC = b"!BDN"
_PTYPE_NBT = 0x81


class PstFormatError(ValueError):
    pass


class _Layout:
    """Sizes and offsets that differ between ANSI (wVer 14/15), Unicode (23) and 4K (36) files."""

    def __init__(self, version: int) -> None:
        if version in (14, 15):
            self.nbt_root, self.key = 0xBC, "<I"  # ib of BREFNBT in the ANSI header
            self.page, self.entries, self.meta = 512, 496, "<BBBB"
            self.trailer_ptype = 500
        elif version in (23, 36):
            self.nbt_root, self.key = 0xE0, "<Q"
            big = version == 36
            self.page = 4096 if big else 512
            self.entries = 4056 if big else 488
            self.meta = "<HHBB" if big else "<BBBB"
            self.trailer_ptype = 4072 if big else 496
        else:
            raise PstFormatError(f"unknown PST version {version}")
        self.key_size = struct.calcsize(self.key)


class Node(NamedTuple):
    nid: int
    parent_nid: int
    parent_at: int  # file offset of the entry's nidParent field


def nodes(path: Path, max_pages: int = 10_000_000) -> Iterator[Node]:
    """Every leaf entry of the node B-tree, in key order."""
    with path.open("rb") as handle:
        header = handle.read(0x200)
        if header[:4] != _MAGIC:
            raise PstFormatError("not a PST file (no !BDN magic)")
        layout = _Layout(struct.unpack_from("<H", header, 0x0A)[0])
        (root,) = struct.unpack_from(layout.key, header, layout.nbt_root)
        pages = [root]
        seen: set[int] = set()
        while pages:
            offset = pages.pop()
            if offset in seen or len(seen) >= max_pages:
                raise PstFormatError(f"node B-tree loops or is too large at offset {offset}")
            seen.add(offset)
            handle.seek(offset)
            page = handle.read(layout.page)
            if len(page) < layout.page or page[layout.trailer_ptype] != _PTYPE_NBT:
                raise PstFormatError(f"node B-tree page at offset {offset} is unreadable")
            entries, _max, size, level = struct.unpack_from(layout.meta, page, layout.entries)
            if size == 0 or entries * size > layout.entries:
                raise PstFormatError(f"node B-tree page at offset {offset} is malformed")
            starts = [index * size for index in range(entries)]
            if level > 0:  # BTENTRY: key, then BREF (bid, ib): follow ib, keeping key order
                pages += [
                    struct.unpack_from(layout.key, page, start + 2 * layout.key_size)[0]
                    for start in reversed(starts)
                ]
                continue
            for start in starts:  # NBTENTRY: nid, bidData, bidSub, nidParent
                (nid,) = struct.unpack_from("<I", page, start)
                parent_at = start + 3 * layout.key_size
                (parent,) = struct.unpack_from("<I", page, parent_at)
                yield Node(nid, parent, offset + parent_at)


def count_messages(path: Path) -> int:
    """Messages (normal, not folder-associated) in the PST's node B-tree."""
    return sum((node.nid & 0x1F) == NORMAL_MESSAGE for node in nodes(path))
