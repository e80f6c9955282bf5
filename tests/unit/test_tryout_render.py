"""Block Kit and mrkdwn as the web try-out draws them."""

from __future__ import annotations

from rtwbot.tryout.blocks import Surface, render_blocks
from rtwbot.tryout.mrkdwn import Names, to_html
from rtwbot.tryout.server import parse_form

NAMES = Names(lambda uid: {"U1": "Erin Employee"}.get(uid, uid), lambda cid: "rtw-imwt")
LIVE = Surface(fields={"as": "sam", "channel": "D1", "ts": "1.0"},
               people=[("U1", "Erin Employee")])


def test_mrkdwn_emphasis_links_mentions_and_escaping() -> None:
    html = to_html("*RTW-1* _soon_ ~old~ `code` <@U1> <#C1> <https://x.example|site> "
                   "a &lt;b&gt; & <script>", NAMES)
    assert "<b>RTW-1</b>" in html and "<i>soon</i>" in html and "<s>old</s>" in html
    assert "<code>code</code>" in html
    assert "@Erin Employee" in html and "#rtw-imwt" in html
    assert '<a href="https://x.example"' in html and ">site</a>" in html
    assert "&lt;b&gt;" in html and "<script>" not in html


def test_mrkdwn_lines_quotes_and_code_blocks() -> None:
    html = to_html("one\ntwo\n&gt; quoted\n```x < y```", NAMES)
    assert "one<br>two" in html
    assert "<blockquote>quoted</blockquote>" in html
    assert "<pre>x &lt; y</pre>" in html


def _blocks() -> list[dict]:
    opt = [{"text": {"type": "plain_text", "text": "Parks"}, "value": "parks"},
           {"text": {"type": "plain_text", "text": "Roads"}, "value": "roads"}]
    return [
        {"type": "header", "text": {"type": "plain_text", "text": "Title"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Hi*"},
         "fields": [{"type": "mrkdwn", "text": "*Stage*\nOpen"}],
         "accessory": {"type": "overflow", "action_id": "more", "options": opt}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "small print"}]},
        {"type": "divider"},
        {"type": "actions", "elements": [
            {"type": "button", "action_id": "go", "value": "v1", "style": "primary",
             "text": {"type": "plain_text", "text": "Go"}},
            {"type": "static_select", "action_id": "pick", "options": opt,
             "placeholder": {"type": "plain_text", "text": "Pick one"}},
            {"type": "users_select", "action_id": "who"},
            {"type": "datepicker", "action_id": "when"},
        ]},
    ]


def test_every_element_is_drawn_and_live_elements_post_a_click() -> None:
    html = render_blocks(_blocks(), NAMES, LIVE)
    assert 'class="b-header"' in html and "Title" in html
    assert 'class="b-fields"' in html and 'class="b-context"' in html
    assert '<hr class="b-divider">' in html
    assert html.count('<form method="post" action="/act"') == 5  # overflow, button, 2 menus, date
    assert 'name="action_id" value="go"' in html and 'class="btn primary"' in html
    assert 'value="parks"' in html and "Pick one" in html
    assert 'value="U1"' in html and "Erin Employee" in html  # the person menu lists people
    assert 'type="date"' in html
    assert 'name="ts" value="1.0"' in html


def test_without_a_surface_elements_are_drawn_but_inert() -> None:
    html = render_blocks(_blocks(), NAMES, None)
    assert "<form" not in html
    assert "disabled" in html and "Go" in html


def test_input_blocks_belong_to_the_modal_form_and_show_errors() -> None:
    blocks = [{"type": "input", "block_id": "when", "label": {"type": "plain_text",
                                                              "text": "When"},
               "element": {"type": "plain_text_input", "action_id": "v"},
               "hint": {"type": "plain_text", "text": "like yesterday 3pm"}},
              {"type": "input", "block_id": "kind", "optional": True,
               "label": {"type": "plain_text", "text": "Kind"},
               "element": {"type": "radio_buttons", "action_id": "v", "options": [
                   {"text": {"type": "plain_text", "text": "Yes"}, "value": "yes"}]}}]
    surface = Surface(fields={"as": "sam", "view": "V1"}, modal_form="modal-form",
                      state={"when": {"v": {"type": "plain_text_input", "value": "next tue"}}},
                      errors={"when": "That is in the future."})
    html = render_blocks(blocks, NAMES, surface)
    assert 'name="i:when.v"' in html and 'form="modal-form"' in html
    assert 'value="next tue"' in html  # what was typed stays
    assert "required" in html and "(optional)" in html
    assert 'class="field-error">That is in the future.' in html
    assert 'type="radio" name="i:kind.v" value="yes"' in html


def test_forms_are_parsed_urlencoded_and_multipart() -> None:
    form = parse_form("application/x-www-form-urlencoded", b"op=send&text=hi+there&x=1&x=2")
    assert form.get("text") == "hi there" and form.many("x") == ["1", "2"]
    body = (b"--b\r\nContent-Disposition: form-data; name=\"op\"\r\n\r\nsend\r\n"
            b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n%PDF-1\r\n--b--\r\n")
    form = parse_form("multipart/form-data; boundary=b", body)
    assert form.get("op") == "send" and form.files["file"] == ("a.pdf", b"%PDF-1")
