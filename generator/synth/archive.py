"""`dossier synth`: a deterministic generator of large, realistic archives for benchmarks and scale tests.

Same arguments, same bytes: every choice comes from one seeded ``random.Random``. The text is assembled from
phrase banks written for this project (no real documents), with the official heading hierarchy, so that
Markdown, search, binders and reports meet archives shaped like real ones: 46 units, a four-level framework
with a few hundred standards, and records of every kind with cross-links, photos, scans and rectifications.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.synth.media import make_photo, make_scan_pdf
from generator.synth.scans import SCAN_PAGES, scan_seed, write_scan_pdf

PERIOD = (dt.date(2023, 3, 1), dt.date(2025, 12, 31))
WINDOW = (dt.date(2024, 8, 1), dt.date(2025, 7, 31))

# Share of each kind among the records, in the proportions a real campaign office keeps.
KIND_SHARES = (
    ("meeting", 0.08),
    ("speech", 0.12),
    ("summary", 0.10),
    ("evidence", 0.58),
    ("rectification", 0.12),
)

_UNIT_STEMS = (
    "文明办",
    "城管局",
    "交通运输局",
    "市场监管局",
    "教育局",
    "卫健委",
    "民政局",
    "住建局",
    "交警支队",
    "团市委",
    "文旅局",
    "公安局",
    "生态环境局",
    "商务局",
    "农业农村局",
    "水利局",
    "自然资源局",
    "财政局",
    "人社局",
    "司法局",
    "应急管理局",
    "统计局",
    "税务局",
    "医保局",
    "体育局",
    "退役军人事务局",
    "妇联",
    "总工会",
    "科协",
    "残联",
    "供电公司",
    "自来水公司",
    "燃气公司",
    "邮政分公司",
    "城投集团",
    "公交公司",
    "融媒体中心",
    "图书馆",
    "城关区",
    "东城区",
    "西城区",
    "南湖区",
    "北山区",
    "高新区",
    "经开区",
    "滨江新区",
)
_BLOCKS = (
    ("公共文明秩序", ("市容环境", "交通秩序", "公共场所秩序", "门前三包", "小广告整治")),
    ("志愿服务", ("志愿服务组织", "志愿服务阵地", "志愿服务活动", "志愿者激励", "学雷锋常态化")),
    ("未成年人思想道德建设", ("校园文化", "校外活动场所", "家庭教育", "网络环境", "心理健康")),
    ("公共卫生", ("农贸市场", "背街小巷", "公共厕所", "病媒生物防制", "健康教育")),
    ("诚信建设", ("政务诚信", "商务诚信", "社会诚信", "红黑榜", "信用修复")),
    ("社会宣传", ("公益广告", "主题宣传", "典型选树", "网络宣传", "氛围营造")),
    ("组织领导", ("领导机制", "经费保障", "督查考核", "台账资料", "问题整改")),
    ("群众满意度", ("问卷调查", "群众参与", "投诉办理", "便民服务", "成效宣传")),
)
_BLOCK_SCORES = (15.0, 15.0, 10.0, 10.0, 15.0, 10.0, 10.0, 15.0)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "明华建国伟芳军平刚杰强磊洋艳勇敏静丽涛斌超霞鹏辉玲桂英红梅新宇晓东海波志清"
_ROLES = ("市委书记", "市长", "市委副书记", "常务副市长", "分管副市长", "市委宣传部部长", "创文办主任")
_PLACES = (
    "幸福路",
    "人民广场",
    "滨江公园",
    "城关农贸市场",
    "火车站广场",
    "解放大道",
    "文化路小学",
    "东湖社区",
)
_OPENINGS = (
    "这次会议的主要任务是，全面总结前一阶段工作，分析当前形势，安排部署下一步任务。",
    "今天召开这个会议，目的是进一步统一思想、明确任务、压实责任，确保各项工作按期完成。",
    "刚才，几位同志作了很好的发言，讲得都很实在，我完全同意，请大家抓好落实。",
)
_CLAIMS = (
    "各责任单位要把{topic}摆在突出位置，主要负责同志亲自抓、负总责，分管同志具体抓、抓具体",
    "要对照测评体系逐项梳理{topic}的任务清单，明确责任人和完成时限，做到件件有人管、事事有着落",
    "{topic}工作必须坚持问题导向，发现一处、整改一处、销号一处，决不能把问题带到测评中去",
    "要建立健全{topic}的长效机制，推动工作由突击整治向常态管理转变",
    "各单位要及时收集整理{topic}的佐证材料，做到资料齐全、数据一致、时间相符",
    "要加强{topic}的督查考核，实行周通报、月排名，对工作滞后的单位严肃约谈",
    "要广泛发动群众参与{topic}，让创建成果更多更公平地惠及全体市民",
    "{topic}的成效最终要体现在群众满意度上，要多做打基础、利长远的实事",
)
_ACTIONS = (
    "开展{topic}专项整治行动",
    "组织{topic}现场观摩",
    "召开{topic}工作推进会",
    "印发{topic}工作方案",
    "完成{topic}集中宣传",
    "建立{topic}工作台账",
    "组织{topic}志愿服务活动",
    "开展{topic}联合检查",
)
_PROBLEMS = (
    "{place}存在占道经营现象",
    "{place}有乱贴乱画的小广告",
    "{place}公益广告破损未更新",
    "{place}垃圾清运不及时",
    "{place}非机动车乱停乱放",
    "{place}志愿服务站无人值守",
    "{place}门前三包责任未落实",
    "{place}公厕保洁不到位",
)
_NUMERALS = "一二三四五六七八九十"


@dataclass
class _Context:
    rng: random.Random
    out: Path
    units: list[str] = field(default_factory=list)
    leaves: list[str] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=dict)


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _date(rng: random.Random) -> dt.date:
    span = (PERIOD[1] - PERIOD[0]).days
    return PERIOD[0] + dt.timedelta(days=rng.randrange(span + 1))


def _paragraph(rng: random.Random, topic: str, sentences: int) -> str:
    parts = [rng.choice(_CLAIMS).format(topic=topic) for _ in range(sentences)]
    return "；".join(parts) + "。"


def _body(ctx: _Context, topics: list[str], chars: int) -> str:
    """Markdown with the official hierarchy (## 一、 / ### （一） / #### 1.), about ``chars`` characters."""
    rng = ctx.rng
    lines = ["同志们：", "", rng.choice(_OPENINGS), ""]
    size = 0
    section = 0
    while size < chars and section < 9:
        topic = topics[section % len(topics)]
        lines += [f"## {_NUMERALS[section]}、切实抓好{topic}工作", ""]
        for sub in range(rng.randint(2, 3)):
            lines += [f"### （{_NUMERALS[sub]}）{rng.choice(_ACTIONS).format(topic=topic)}", ""]
            for item in range(rng.randint(1, 2)):
                text = _paragraph(rng, topic, rng.randint(3, 5))
                lines += [f"#### {item + 1}. {rng.choice(_ACTIONS).format(topic=topic)}", "", text, ""]
                size += len(text)
        section += 1
    lines.append("同志们，创建工作时间紧、任务重、要求高，让我们振奋精神、真抓实干，确保实现创建目标！")
    return "\n".join(lines) + "\n"


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _units(ctx: _Context) -> None:
    entries = []
    for i, stem in enumerate(_UNIT_STEMS):
        unit_id = f"u{i + 1:02d}"
        ctx.units.append(unit_id)
        entries.append({"id": unit_id, "name": f"示例市{stem}", "short": stem, "liaison": _person(ctx.rng)})
    _write(ctx.out / "units.yml", entries)


def _indicators(ctx: _Context) -> None:
    tree = []
    for b, ((block, projects), score) in enumerate(zip(_BLOCKS, _BLOCK_SCORES, strict=True)):
        block_id = "ABCDEFGH"[b]
        children = []
        for p, project in enumerate(projects):
            project_id = f"{block_id}.{p + 1}"
            project_score = score / len(projects)
            leaves = []
            for s in range(6):
                leaf_id = f"{project_id}.{s + 1}"
                ctx.leaves.append(leaf_id)
                ctx.topics[leaf_id] = project
                leaves.append(
                    {
                        "id": leaf_id,
                        "title": f"{project}测评内容{s + 1}",
                        "score": round(project_score / 6, 6),
                        "standard": f"{project}{rng_standard(ctx.rng)}",
                        "methods": ["材料审核"],
                        "units": ctx.rng.sample(ctx.units, 2),
                    }
                )
            leaf_score = round(project_score / 6, 6)
            leaves[-1]["score"] = round(project_score - leaf_score * 5, 6)
            children.append({"id": project_id, "title": project, "score": project_score, "children": leaves})
        tree.append({"id": block_id, "title": block, "score": score, "children": children})
    _write(ctx.out / "indicators.yml", tree)


def rng_standard(rng: random.Random) -> str:
    return rng.choice(
        ("工作有计划、有部署、有检查", "建立长效管理机制", "活动经常开展、群众知晓", "台账资料齐全规范")
    )


@dataclass
class _Base:
    """The fields every record gets, and the unit and topic the rest of the record is written about."""

    data: dict[str, object]
    unit: str
    topic: str


def _common(ctx: _Context, record_id: str) -> _Base:
    rng = ctx.rng
    leaf = rng.choice(ctx.leaves)
    unit = rng.choice(ctx.units)
    access = rng.choices(("internal", "public", "restricted"), weights=(80, 17, 3))[0]
    data: dict[str, object] = {"id": record_id, "units": [unit], "indicators": [leaf]}
    if access != "internal":
        data["access"] = access
    return _Base(data, unit, ctx.topics[leaf])


def _speech(ctx: _Context, i: int, day: dt.date) -> dict[str, object]:
    base = _common(ctx, f"s{i:05d}")
    data = base.data
    topics = [base.topic, *ctx.rng.sample(sorted(set(ctx.topics.values())), 3)]
    data.update(
        {
            "title": f"在全市{topics[0]}工作推进会上的讲话（{i}）",
            "speaker": _person(ctx.rng),
            "speaker_role": ctx.rng.choice(_ROLES),
            "date": day.isoformat(),
            "body": _body(ctx, topics, ctx.rng.randint(2500, 4000)),
        }
    )
    return data


def _meeting(ctx: _Context, i: int, day: dt.date) -> dict[str, object]:
    base = _common(ctx, f"m{i:05d}")
    data, topic = base.data, base.topic
    data.update(
        {
            "title": f"{topic}工作调度会（第{i}次）",
            "date": day.isoformat(),
            "location": "市政府第一会议室",
            "host": _person(ctx.rng),
            "attendees": [_person(ctx.rng) for _ in range(6)],
            "recorder": _person(ctx.rng),
            "agenda": [f"通报{topic}工作进展", "研究部署下一步工作"],
            "decisions": [ctx.rng.choice(_ACTIONS).format(topic=topic) for _ in range(3)],
            "minutes": _body(ctx, [topic], ctx.rng.randint(800, 1500)),
        }
    )
    return data


def _summary(ctx: _Context, i: int, day: dt.date) -> dict[str, object]:
    base = _common(ctx, f"w{i:05d}")
    data, unit, topic = base.data, base.unit, base.topic
    start = day.replace(day=1)
    data.update(
        {
            "title": f"{topic}工作总结（{day.year}年{day.month}月）",
            "unit": unit,
            "period": {"start": start.isoformat(), "end": day.isoformat()},
            "date": day.isoformat(),
            "body": _body(ctx, [topic], ctx.rng.randint(1500, 2500)),
            "figures": [{"label": f"{topic}检查次数", "value": ctx.rng.randint(10, 900), "unit": "次"}],
        }
    )
    return data


def _evidence(ctx: _Context, i: int, day: dt.date, files: list[dict[str, object]]) -> dict[str, object]:
    base = _common(ctx, f"e{i:05d}")
    data, topic = base.data, base.topic
    place = ctx.rng.choice(_PLACES)
    kind = "scan" if files and str(files[0]["path"]).endswith(".pdf") else ("photo" if files else "briefing")
    data.update(
        {
            "title": f"{place}{ctx.rng.choice(_ACTIONS).format(topic=topic)}",
            "kind": kind,
            "date": day.isoformat(),
            "files": files,
            "location": place,
            "description": _paragraph(ctx.rng, topic, 2),
        }
    )
    return data


def _rectification(ctx: _Context, i: int, day: dt.date) -> dict[str, object]:
    base = _common(ctx, f"r{i:05d}")
    data = base.data
    place = ctx.rng.choice(_PLACES)
    status = ctx.rng.choice(("open", "rectified", "verified"))
    problem = ctx.rng.choice(_PROBLEMS).format(place=place)
    data.update(
        {
            "title": problem,
            "problem": problem + "，群众反映强烈。",
            "found_by": "市创文办督查组",
            "found_on": day.isoformat(),
            "unit": base.unit,
            "deadline": (day + dt.timedelta(days=30)).isoformat(),
            "status": status,
        }
    )
    if status != "open":
        data["closed_on"] = (day + dt.timedelta(days=ctx.rng.randint(3, 30))).isoformat()
    return data


# Outdoor scenes only: drawn halls are too alike for a difference hash to tell apart (docs/report.md).
_SCENES = ("street", "crossing", "market", "park", "school")
RECYCLED_EVERY = 50  # one evidence record in 50 re-submits the previous record's file (a recycled photo)
BACKDATED_EVERY = 40  # one photo in 40 was taken over a year before its record (a photo-date mismatch)


class _Files:
    """The attached files, each drawn the first time a record asks for its slot: ``photos`` 640×480 JPEGs
    and ``scans`` two-page PDFs, spread evenly over the slots. A photo's EXIF date is its first record's date,
    so the readiness report flags only the deliberate mismatches (and recycled files), as in a real archive.
    """

    def __init__(self, ctx: _Context, photos: int, scans: int) -> None:
        self.ctx = ctx
        self.photos = photos
        self.scans = scans
        self.drawn: dict[int, dict[str, object]] = {}

    @property
    def slots(self) -> int:
        return self.photos + self.scans

    def entry(self, slot: int, day: dt.date) -> dict[str, object]:
        slot %= self.slots
        if slot not in self.drawn:
            self.drawn[slot] = self._draw(slot, day)
        return self.drawn[slot]

    def _draw(self, slot: int, day: dt.date) -> dict[str, object]:
        before = slot * self.scans // self.slots  # scans among the slots below this one
        if (slot + 1) * self.scans // self.slots > before:
            rel = f"files/scans/d{before:04d}.pdf"
            make_scan_pdf(self.ctx.out / rel, title=f"创建工作文件{before}", pages=2, seed=before)
            return {"path": rel, "sha256": _sha(self.ctx.out / rel)}
        n = slot - before
        rel = f"files/photos/p{n:05d}.jpg"
        if n % BACKDATED_EVERY == BACKDATED_EVERY - 1:
            day -= dt.timedelta(days=400)
        taken = dt.datetime.combine(day, dt.time(8 + n % 10, (n * 7) % 60))
        scene = _SCENES[n % len(_SCENES)]
        make_photo(
            self.ctx.out / rel,
            title="创建全国文明城市",
            seed=n,
            size=(640, 480),
            taken=taken,
            scene=scene,
            quality=70,
        )
        return {
            "path": rel,
            "sha256": _sha(self.ctx.out / rel),
            "caption": f"{taken.date().isoformat()}，现场照片{n}",
        }


def _briefing(i: int) -> bool:
    """One evidence record in ten is a briefing without a file."""
    return i % 10 == 0


def _recycled(i: int) -> bool:
    return i % RECYCLED_EVERY == RECYCLED_EVERY // 2


def _files(ctx: _Context, evidence: int, photos: int | None) -> _Files:
    """By default a file of its own for each evidence record that attaches one (bar the recycled), a twentieth
    of them scans. ``photos`` sets the number of distinct photos instead (shared when fewer than records)."""
    if photos is not None:
        return _Files(ctx, photos, max(1, photos // 20))
    distinct = sum(1 for i in range(evidence) if not _briefing(i) and not _recycled(i))
    scans = max(1, distinct // 20)
    return _Files(ctx, max(0, distinct - scans), scans)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kind_counts(records: int) -> dict[str, int]:
    counts = {kind: int(records * share) for kind, share in KIND_SHARES}
    counts["evidence"] += records - sum(counts.values())
    return counts


def synthesize(
    out: Path,
    records: int,
    *,
    seed: int = 1,
    photos: int | None = None,
    scans: int = 0,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write an archive of ``records`` records into the empty folder ``out``, plus ``scans`` evidence records
    each attaching an image-only scan of known text (for OCR); returns the count per kind."""
    ctx = _Context(random.Random(seed), out)
    _write(
        out / "archive.yml",
        {
            "title": f"示例市创建全国文明城市档案（合成 {records} 件）",
            "campaign": "创建全国文明城市",
            "fonds": {"code": "Z999", "name": "示例市创文办（合成数据）"},
            "period": {"start": PERIOD[0].isoformat(), "end": PERIOD[1].isoformat()},
            "assessment_window": {"start": WINDOW[0].isoformat(), "end": WINDOW[1].isoformat()},
            "max_score": 100,
            "target_score": 90,
            "today": "2025-09-15",
        },
    )
    _units(ctx)
    _indicators(ctx)
    counts = _kind_counts(records)
    files = _files(ctx, counts["evidence"], photos)
    attached: list[dict[str, object]] = []
    slot = 0
    makers = {"meeting": _meeting, "speech": _speech, "summary": _summary, "rectification": _rectification}
    folders = {
        "meeting": "meetings",
        "speech": "speeches",
        "summary": "summaries",
        "evidence": "evidence",
        "rectification": "rectifications",
    }
    done = 0
    for kind, count in counts.items():
        for i in range(count):
            day = _date(ctx.rng)
            if kind == "evidence":
                if _briefing(i):
                    attached = []
                elif not attached or not _recycled(i):  # a recycled one gets the previous record's file
                    attached = [files.entry(slot, day)]
                    slot += 1
                data = _evidence(ctx, i, day, attached)
            else:
                data = makers[kind](ctx, i, day)
            _write(out / folders[kind] / f"{data['id']}.yml", data)
            done += 1
            if progress and done % 100 == 0:
                progress(100)
    if progress:
        progress(done % 100)
    for n in range(scans):
        _write(out / "evidence" / f"ocr{n:04d}.yml", _scan_evidence(ctx, n, seed))
    return {**counts, "evidence": counts["evidence"] + scans}


def _scan_evidence(ctx: _Context, n: int, seed: int) -> dict[str, object]:
    """An evidence record of kind scan attaching ``files/scans/ocr/s{n}.pdf``: A4 pages at 200 dpi without a
    text layer, whose printed text ``synth.scans.page_lines(scan_seed(seed, n), page)`` gives back."""
    rel = f"files/scans/ocr/s{n:04d}.pdf"
    write_scan_pdf(ctx.out / rel, scan_seed(seed, n), SCAN_PAGES)
    data = _common(ctx, f"ocr{n:04d}").data
    data.update(
        {
            "title": f"纸质材料扫描件（{n + 1}）",
            "kind": "scan",
            "date": _date(ctx.rng).isoformat(),
            "files": [{"path": rel, "sha256": _sha(ctx.out / rel), "pages": SCAN_PAGES}],
        }
    )
    return data
