"""The demo project: built on first start from the bundled demo shop generator."""

from __future__ import annotations

from pathlib import Path

from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.messages import msg
from engine.paths import data_dir, demo_project_path
from engine.store import create_project

DEMO_SEED = 7
DEMO_CUSTOMERS = 3000


def build_demo_project(path: Path | None = None, *, n_customers: int = DEMO_CUSTOMERS, seed: int = DEMO_SEED,
                       progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> Path:
    """Generate the demo shop export and import it into a new project file.

    Built under a temporary name and renamed at the end: a cancelled or failed
    build never leaves a half-built demo project behind.
    """
    from engine.demo import generate_demo_shop
    from engine.workflows import import_shop_file

    progress, cancel = ensure(progress, cancel)
    path = Path(path or demo_project_path())
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    out_dir = data_dir() / "demo"
    out_dir.mkdir(parents=True, exist_ok=True)
    files = generate_demo_shop(out_dir, seed=seed, n_customers=n_customers,
                               progress=SubProgress(progress, 0, 40), cancel=cancel)
    project = create_project(tmp)
    try:
        import_shop_file(project, files.events_csv, progress=SubProgress(progress, 40, 100), cancel=cancel)
        project.set_meta("demo", "true")
        project.con.execute("CHECKPOINT")
    except BaseException:
        project.close()
        tmp.unlink(missing_ok=True)
        raise
    project.close()
    tmp.replace(path)
    progress(100, 100, msg("progress.demo_ready"))
    return path

