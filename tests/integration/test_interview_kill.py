"""A process killed mid-interview (SIGKILL, no clean shutdown) loses no committed answer."""

import signal
import subprocess
import sys
import textwrap

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.services.interview import InterviewService
from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.db import make_engine, make_sessions

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from assistant.config import PROJECT_ROOT
    from assistant.domain.skills import load_framework
    from assistant.domain.training import load_modules
    from assistant.services.interview import InterviewService
    from assistant.storage.assessments import AssessmentStore, Owner
    from assistant.storage.db import make_engine, make_sessions

    framework = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
    modules = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
    service = InterviewService(framework, AssessmentStore(make_sessions(make_engine(sys.argv[1]))), modules)
    owner = Owner("Acme", "alice")
    state = service.start(owner, "hr")
    for _ in range(7):
        state = service.answer(owner, state.question.item_id, state.question.options[1].id)
        print(state.question.item_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_killed_process_keeps_every_answer_and_the_interview_resumes(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    next_question = done.stdout.split()[-1]
    framework = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
    modules = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
    service = InterviewService(framework, AssessmentStore(make_sessions(make_engine(url))), modules)
    state = service.state(Owner("Acme", "alice"))
    assert state.question.answered == 7 and state.question.item_id == next_question
