"""The teacher's pages of ``serve --class`` (issue 29): the token, the form for a terminal student's code, escaping.

The server runs in the test's event loop on a free loopback port (aiohttp's TestServer), with the
class's content loaded; no game process is started. Students' runs are planted as the records
their games would write, or pasted through the form as a teacher would.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from test_lesson import played

from game import web

from game.files import classroom, lesson
from game.files.replay import encode_run
from game.web import folders, guard
from game.web.teacher import TeacherPages

SEED = 1204
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>&amp;'  # 60 characters: a whole name


@pytest.fixture(scope="module")
def codes(content):
    return {
        "class": classroom.class_code(content, "classroom", SEED),
        "finished": [encode_run(played(content, key=k)) for k in (1, 2, 3)],
        "in_play": encode_run(played(content, key=2, seasons=3)),
        "other_class": encode_run(played(content, seed=SEED + 1)),
    }


class Served:
    def __init__(self, game_server: web.GameServer, test_server: TestServer) -> None:
        self.game = game_server
        self.test = test_server
        self.origin = f"http://127.0.0.1:{test_server.port}"
        assert game_server.teacher is not None
        self.teacher: TeacherPages = game_server.teacher
        self.token = self.teacher.token

    def url(self, path: str) -> str:
        return str(self.test.make_url(path))


@pytest.fixture()
async def served(tmp_path, content, codes):
    game_server = web.GameServer(tmp_path / "data", code=codes["class"], loaded=content)
    test_server = TestServer(await game_server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    yield Served(game_server, test_server)
    await test_server.close()


async def get(served: Served, path: str, **headers) -> tuple[int, str, dict]:
    async with ClientSession() as client, client.get(served.url(path), headers=headers, allow_redirects=False) as answer:
        return answer.status, await answer.text(), dict(answer.headers)


async def post(served: Served, fields: dict[str, str] | None = None, *, data=None, origin: str | None = "own",
               content_type: str | None = None) -> tuple[int, str, dict]:
    headers = {}
    if origin is not None:
        headers["Origin"] = served.origin if origin == "own" else origin
    if content_type is not None:
        headers["Content-Type"] = content_type
    async with ClientSession() as client, client.post(served.url("/teacher/add"), data=data if data is not None else fields,
                                                      headers=headers, allow_redirects=False) as answer:
        return answer.status, await answer.text(), dict(answer.headers)


def form(served: Served, code: str, name: str = "", token: str | None = None) -> dict[str, str]:
    return {"token": served.token if token is None else token, "name": name, "code": code}


# --- the token ----------------------------------------------------------------------------------

async def test_the_teachers_pages_need_the_token(served):
    for path in ("/teacher", "/teacher/live", "/teacher/debrief"):
        for token in ("", "?token=", "?token=" + "0" * 32, "?token=" + served.token[:-1], "?token=" + served.token + "0",
                      "?token=%C3%A9%00" + served.token):
            status, text, _ = await get(served, path + token)
            assert status == 403 and "printed when it started" in text and served.token not in text
        status, _, headers = await get(served, f"{path}?token={served.token}")
        assert status == 200 and headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
        assert "script-src 'self'" in headers["Content-Security-Policy"] or path == "/teacher/debrief"
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[-1].split(";")[0]


async def test_the_teachers_pages_answer_only_to_the_servers_names(served):
    forged = f"evil.example:{served.test.port}"
    for path in ("/teacher", "/teacher/live.js"):
        status, _, _ = await get(served, f"{path}?token={served.token}", Host=forged)
        assert status == 403


def test_the_teachers_token_holds_across_restarts_and_differs_by_class(tmp_path, codes):
    tokens = guard.SessionTokens(tmp_path)
    first = tokens.teacher_token(codes["class"])
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert guard.SessionTokens(tmp_path).teacher_token(codes["class"]) == first  # the key is kept in the data folder
    assert tokens.teacher_token(codes["other_class"]) != first
    assert tokens.session_of(first) is None  # a teacher's token is not a student's session
    (tmp_path / guard.KEY_FILE).unlink()
    assert guard.SessionTokens(tmp_path).teacher_token(codes["class"]) != first  # a new key, a new link


def test_secrets_are_compared_whole():
    assert guard.same_secret("abc", "abc")
    for sent in (None, "", "ab", "abcd", "ABC", "ab\udcff", "\x00abc", "é"):
        assert not guard.same_secret(sent, "abc")


def test_the_token_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = guard.hmac.compare_digest
    monkeypatch.setattr(guard.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    assert not guard.same_secret("0" * 32, "1" * 32)
    assert calls == [(b"0" * 32, b"1" * 32)]


async def test_the_server_prints_the_teachers_link_and_a_server_without_a_class_has_no_teachers_page(tmp_path, content,
                                                                                                   codes):
    assert web.GameServer(tmp_path / "plain").teacher is None
    plain = web.GameServer(tmp_path / "plain")
    test_server = TestServer(await plain._make_app(), host="127.0.0.1")
    await test_server.start_server()
    try:
        async with ClientSession() as client, client.get(test_server.make_url("/teacher?token=x")) as answer:
            assert answer.status == 404
    finally:
        await test_server.close()
    server = web.GameServer(tmp_path / "class", code=codes["class"], loaded=content)
    assert server.teacher_path == f"/teacher?token={server.teacher.token}"
    command = web.game_command(tmp_path, None, codes["class"])
    assert command[-3:] == ["--class-student", "--code", codes["class"]]  # every class game asks the name


# --- the page -----------------------------------------------------------------------------------

def plant(served: Served, session: str, code: str, name: str | None) -> None:
    folder = served.game.session_folder(session)
    lesson.write_record(folder, code, "0a1b2c3d", name)
    served.game.users[session] += 1  # its page is open


async def test_the_page_shows_who_plays_where_and_the_endings_so_far(served, content, codes):
    plant(served, "a" * 32, codes["in_play"], "Ana")
    plant(served, "b" * 32, codes["finished"][0], "Bo")
    plant(served, "c" * 32, codes["finished"][1], None)
    served.game.users["d" * 32] += 1  # at the name prompt
    status, page, _ = await get(served, f"/teacher?token={served.token}")
    assert status == 200
    ended = [classroom.read_codes([c], content)[0][0].game for c in codes["finished"][:2]]
    assert "<b>1</b> playing" in page and "<b>2</b> ended" in page and "<b>1</b> at the start" in page
    in_play = played(content, key=2, seasons=3)
    assert f"{in_play.date} <span class=\"dim\">(season {in_play.state.turn})</span>" in page
    for game in ended:
        assert game.ending is not None and html.escape(game.ending.title) in page
    assert "Student cccc" in page  # a student who gave no name, named by their session
    assert f'href="/teacher/debrief?token={served.token}"' in page  # the printable debrief, one click away
    assert '<script src="/teacher/live.js"></script>' in page and "<script>" not in page
    assert [r.name for r in lesson.read_runs(served.game.data)] == ["Bo", None]  # recorded as they ended
    status, script, headers = await get(served, "/teacher/live.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and "X-Debrief-Version" in script


async def test_the_live_part_says_when_the_debrief_changed(served, codes):
    status, before, headers = await get(served, f"/teacher/live?token={served.token}")
    assert status == 200 and "No run has ended yet" in before and "<html" not in before
    empty = headers["X-Debrief-Version"]
    status, debrief, _ = await get(served, f"/teacher/debrief?token={served.token}")
    assert "No student has a run yet" in debrief
    plant(served, "a" * 32, codes["finished"][2], "Ana")
    _, after, headers = await get(served, f"/teacher/live?token={served.token}")
    assert headers["X-Debrief-Version"] != empty and "Ana" in after
    _, debrief, headers = await get(served, f"/teacher/debrief?token={served.token}")
    assert "Ana" in debrief and "class debrief" in debrief and "frame-ancestors 'self'" in headers["Content-Security-Policy"]


# --- the form -----------------------------------------------------------------------------------

async def test_a_pasted_code_of_the_class_is_added_and_shown(served, content, codes):
    status, _, headers = await post(served, form(served, " " + codes["finished"][1].lower() + "\n", "Kim Jong-su"))
    assert status == 303
    location = headers["Location"]
    assert location.startswith(f"/teacher?token={served.token}&added=")
    status, page, _ = await get(served, location)
    game = lesson.admit(codes["finished"][1], lesson.ClassOf.of(codes["class"]), content)
    assert game.ending is not None
    assert status == 200 and f"Added Kim Jong-su: ended: {html.escape(game.ending.title)}" in page
    assert [(r.name, r.source, r.code) for r in lesson.read_runs(served.game.data)] == [
        ("Kim Jong-su", lesson.PASTED, codes["finished"][1])]
    status, page, _ = await post(served, form(served, codes["finished"][1], "Again"))
    assert status == 400 and "in the class already, as Kim Jong-su" in page


@pytest.mark.parametrize(("which", "words"), [
    ("other_class", "Not added: this is a run of another class"),
    ("in_play", "Not added: this run has not ended"),
    ("broken", "Not added: this is not a run code the game can read"),
    ("empty", "Not added: paste a run code first"),
])
async def test_a_code_the_class_cannot_take_gets_a_clear_message_and_the_form_keeps_it(served, codes, which, words):
    code = {"broken": codes["finished"][0][:-4] + "ZZZZ", "empty": "  "}.get(which) or codes[which]
    status, page, _ = await post(served, form(served, code, "Lee"))
    assert status == 400 and words in page
    assert f'value="{code}"' in page or which == "empty"  # to correct, not to type again
    assert lesson.read_runs(served.game.data) == []


async def test_the_form_is_refused_from_another_page_or_without_the_token(served, codes):
    good = form(served, codes["finished"][0], "Lee")
    for origin in (None, "http://evil.example", "null", f"http://127.0.0.1:{served.test.port + 1}"):
        status, page, _ = await post(served, good, origin=origin)
        assert status == 403 and "from the teacher" in page
    for token in ("", "0" * 32, served.token.upper()):
        status, page, _ = await post(served, form(served, codes["finished"][0], "Lee", token))
        assert status == 403 and "printed when it started" in page
    assert lesson.read_runs(served.game.data) == []


async def test_the_form_is_size_bounded(served, codes):
    big = form(served, codes["finished"][0], "x" * (guard.MAX_FORM + 10))
    status, page, _ = await post(served, big)
    assert status == 413 and "at most 8 KB" in page

    async def chunks():  # no Content-Length: the body is read only up to the bound
        yield f"token={served.token}&code=".encode()
        for _ in range(100):
            yield b"A" * 1024
    status, page, _ = await post(served, data=chunks(), content_type="application/x-www-form-urlencoded")
    assert status == 413
    status, page, _ = await post(served, data=b'{"code": "x"}', content_type="application/json")
    assert status == 415
    status, page, _ = await post(served, data=b"token=\xff\xfe&code=x", content_type="application/x-www-form-urlencoded")
    assert status == 400 and "not UTF-8" in page
    many = "&".join(f"f{n}=1" for n in range(50))
    status, page, _ = await post(served, data=many.encode(), content_type="application/x-www-form-urlencoded")
    assert status == 400
    assert lesson.read_runs(served.game.data) == []


# --- escaping -----------------------------------------------------------------------------------

async def test_every_student_typed_string_is_escaped_on_every_page(served, codes):
    plant(served, "a" * 32, codes["finished"][0], HOSTILE)
    plant(served, "b" * 32, codes["in_play"], HOSTILE + " 2")
    status, _, _ = await post(served, form(served, codes["finished"][1], HOSTILE + " 3"))
    assert status == 303
    status, refused, _ = await post(served, form(served, HOSTILE, HOSTILE))  # a "code" that is markup, refused
    assert status == 400
    pages = [refused] + [(await get(served, f"{path}?token={served.token}"))[1]
                         for path in ("/teacher", "/teacher/live", "/teacher/debrief")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "onerror=alert(1)>" not in page
    for page in pages[1:3]:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;" in page
    assert "&lt;script&gt;" in pages[3]  # the debrief names the students too, escaped


def test_a_folder_that_holds_only_a_class_record_is_not_a_save(tmp_path):
    folder = tmp_path / ("a" * 32)
    folder.mkdir()
    lesson.write_record(folder, "SL1-ABC", "s", "Ana")
    assert folders.remove_if_unused(folder) and not folder.exists()
    kept = tmp_path / ("b" * 32)
    kept.mkdir()
    lesson.write_record(kept, "SL1-ABC", "s", "Ana")
    (kept / "autosave-s-1.json").write_text("{}")
    assert not folders.remove_if_unused(kept) and kept.exists()
    assert folders.session_ids(tmp_path) == ["b" * 32] and folders.session_ids(Path("/nonexistent")) == []


def test_serve_refuses_a_class_code_that_is_not_one(tmp_path, content, monkeypatch, capsys):
    from game import cli
    from game.api import Game

    monkeypatch.setattr(web.GameServer, "serve", lambda self: pytest.fail("the server started"))
    no_class = encode_run(Game.new(content, "classroom", SEED))
    assert cli.main(["serve", "--data", str(tmp_path), "--class", no_class]) == 2
    assert "run code of a game of no class" in capsys.readouterr().out
    assert cli.main(["serve", "--data", str(tmp_path), "--class", "SL1-BROKEN"]) == 2


async def test_the_codes_file_reads_back_as_the_class(served, content, codes):
    plant(served, "a" * 32, codes["finished"][0], "#1 Ana: the best")
    plant(served, "b" * 32, codes["in_play"], None)
    status, _, _ = await post(served, form(served, codes["finished"][1], "Kim"))
    assert status == 303
    status, text, headers = await get(served, "/teacher/codes.txt")
    assert status == 403
    status, text, headers = await get(served, f"/teacher/codes.txt?token={served.token}")
    assert status == 200 and headers["Content-Disposition"] == 'attachment; filename="class-codes.txt"'
    entries, bad = classroom.read_codes(text.splitlines(), content)
    assert bad == [] and [(e.name, e.code) for e in entries] == [
        ("1 Ana: the best", codes["finished"][0]), ("Kim", codes["finished"][1]), ("Student bbbb", codes["in_play"])]


async def test_a_pasted_copy_of_a_browser_students_run_is_refused(served, codes):
    plant(served, "a" * 32, codes["finished"][0], "Ana")
    status, page, _ = await post(served, form(served, codes["finished"][0], "Ana again"))
    assert status == 400 and "in the class already, as Ana" in page
    assert [r.source for r in lesson.read_runs(served.game.data)] == [lesson.BROWSER]
