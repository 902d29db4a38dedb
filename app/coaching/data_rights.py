"""An identity's data rights: everything it stored, exported in one archive, or deleted in one call."""

from __future__ import annotations

from datetime import UTC, datetime

from app.coaching import data_repo, loops, loops_repo, stories
from app.coaching.markdown import export_markdown
from app.coaching.schemas import DeletedPublic, ExportPublic, LoopExport
from app.interviews import views
from app.interviews.context import Context

# An export holds every loop; a page of this many is read at a time.
LOOP_PAGE = 100


async def export(ctx: Context, owner: int) -> ExportPublic:
    snaps = await ctx.db.run(data_repo.interviews, owner)
    loop_snaps: list[loops_repo.LoopSnapshot] = []
    while True:
        page, count = await ctx.db.run(loops_repo.list_loops, owner, LOOP_PAGE, len(loop_snaps), answers=True)
        loop_snaps += page
        if not page or len(loop_snaps) >= count:
            break
    bank = await stories.list_(ctx, owner)
    return ExportPublic(
        exported_at=datetime.now(UTC),
        interviews=[views.interview_public(ctx.bank, ctx.bounds, snap, ctx.content.design) for snap in snaps],
        loops=[
            LoopExport(
                loop=loops.loop_public(s),
                debrief=loops.written(loops.computed(ctx, s), s) if loops.is_done(s) else None,
            )
            for s in loop_snaps
        ],
        stories=bank.data,
    )


async def export_md(ctx: Context, owner: int) -> str:
    names = {p.id.value: p.name for p in ctx.bank.framework.leadership_principles}
    return export_markdown(await export(ctx, owner), ctx.content.probes, names)


async def delete_all(ctx: Context, owner: int) -> DeletedPublic:
    interviews, loop_count, story_count = await ctx.db.run(data_repo.delete_everything, owner)
    return DeletedPublic(interviews=interviews, loops=loop_count, stories=story_count)
