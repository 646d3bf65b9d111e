//! The language server over LSP, driven by a real (in-memory) client.

mod common;
#[path = "support/shared.rs"]
mod support;

use common::{
    Client, linux_neovim_capabilities, neovim_capabilities, push_utf16_capabilities, range,
};
use serde_json::{Value, json};

const URI: &str = "file:///tmp/copydesk-lsp-test/story.txt";

fn codes(diagnostics: &Value) -> Vec<&str> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn push_client_gets_utf16_columns_after_emoji_and_hangul() {
    let (mut client, caps) = Client::start(push_utf16_capabilities(), Value::Null).await;
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "a push client must not be offered pull"
    );
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    // Nothing is done on save, so saves are not asked for.
    assert!(caps["textDocumentSync"].get("save").is_none(), "{caps}");
    client
        .open(
            URI,
            "plaintext",
            "Headline here\n\n😀 한국 met Victor Cha Victor Cha today.\n",
        )
        .await;
    let published = client.published(1).await;
    let d = &published["diagnostics"][0];
    assert_eq!(d["code"], "repeated-word");
    assert_eq!(d["source"], "copydesk");
    // 😀 is two UTF-16 units, each Hangul syllable one: "😀 한국 met " is 10.
    assert_eq!(d["range"], range(2, 10, 2, 31));
    assert_eq!(d["severity"], 2);
    assert_eq!(
        d["data"],
        json!({ "rule": "repeated-word", "fixes": 1, "safeFix": true })
    );
    client.shutdown().await;
}

#[tokio::test]
async fn utf8_is_negotiated_when_offered_and_pull_replaces_push() {
    let (mut client, caps) = Client::start(neovim_capabilities(), Value::Null).await;
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["diagnosticProvider"]["interFileDependencies"], false);
    client
        .open(
            URI,
            "plaintext",
            "Headline here\n\n😀 한국 met Victor Cha Victor Cha today.\n",
        )
        .await;
    let report = client.pull(URI, None).await;
    assert_eq!(report["kind"], "full");
    // Bytes: 😀 is 4, each Hangul syllable 3: "😀 한국 met " is 16.
    assert_eq!(report["items"][0]["range"], range(2, 16, 2, 37));
    let id = report["resultId"].as_str().unwrap().to_string();
    let again = client.pull(URI, Some(&id)).await;
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": id }));
    assert!(
        client
            .quiet_for("textDocument/publishDiagnostics", 200)
            .await,
        "a pull client got pushed diagnostics too"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn incremental_changes_are_applied_in_order_even_back_to_back() {
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    client.open(URI, "plaintext", "Head line\n\nabc\n").await;
    client.published(1).await;
    // Two edits sent without waiting: only the right order makes "the the".
    client.edit(URI, 2, range(2, 0, 2, 0), "the ").await;
    client.edit(URI, 3, range(2, 4, 2, 4), "the ").await;
    let published = client.published(3).await;
    assert_eq!(codes(&published["diagnostics"]), ["repeated-word"]);
    assert_eq!(published["diagnostics"][0]["range"], range(2, 0, 2, 7));
    // Several changes in one notification apply one after the other, and a
    // deletion across lines works.
    client
        .change(
            URI,
            4,
            json!([
                { "range": range(0, 0, 2, 8), "text": "Talks\n\nMet on October 24." },
                { "range": range(2, 0, 2, 3), "text": "They met" },
            ]),
        )
        .await;
    let published = client.published(4).await;
    assert_eq!(codes(&published["diagnostics"]), ["date-format"]);
    assert_eq!(published["diagnostics"][0]["range"], range(2, 12, 2, 22));
    client.shutdown().await;
}

#[tokio::test]
async fn findings_match_copydesk_check_on_the_seed() {
    let Some(seed) = support::shared("seeds/000_3fb786415820760a.txt") else {
        return;
    };
    let text = std::fs::read_to_string(seed).unwrap();
    let expected =
        copydesk::engine::check(&text, copydesk::engine::Format::Plain, &Default::default());
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client.open(URI, "plaintext", &text).await;
    let report = client.pull(URI, None).await;
    let got: Vec<&str> = codes(&report["items"]);
    let want: Vec<&str> = expected.iter().map(|f| f.rule).collect();
    assert_eq!(got, want);
    client.shutdown().await;
}

fn code_action_at(uri: &str, line: u64, character: u64, only: Option<&[&str]>) -> Value {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    json!({
        "textDocument": { "uri": uri },
        "range": range(line, character, line, character),
        "context": context
    })
}

fn titles(response: &Value) -> Vec<&str> {
    response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn code_actions_offer_quick_fixes_ignore_and_fix_all() {
    // A client that cannot resolve code actions (Neovim as the tests start
    // it): fix-all only when asked for by kind, with its edit.
    let (mut client, caps) = Client::start(neovim_capabilities(), Value::Null).await;
    assert!(caps["codeActionProvider"].get("resolveProvider").is_none());
    let uri = "file:///tmp/copydesk-lsp-test/story.md";
    client
        .open(
            uri,
            "markdown",
            "# Talks\n\nThe the envoys met on October 24.\n",
        )
        .await;
    let response = client
        .request("textDocument/codeAction", code_action_at(uri, 2, 1, None))
        .await;
    let actions = response["result"].as_array().unwrap();
    assert_eq!(
        titles(&response),
        [
            "Remove the repeated “The”",
            "Ignore repeated-word on this line",
        ],
        "no fix-all computed for a request that did not ask for it"
    );
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(
        actions[0]["edit"]["changes"][uri][0],
        json!({ "range": range(2, 3, 2, 7), "newText": "" })
    );
    assert_eq!(
        actions[1]["edit"]["changes"][uri][0]["newText"],
        "<!-- copydesk-disable-next-line repeated-word -->\n"
    );
    // `only` narrows the answer, and asks for fix-all (by itself or a parent kind).
    for only in [
        &["source.fixAll"][..],
        &["source"],
        &["source.fixAll.copydesk"],
    ] {
        let response = client
            .request(
                "textDocument/codeAction",
                code_action_at(uri, 0, 0, Some(only)),
            )
            .await;
        let actions = response["result"].as_array().unwrap();
        assert_eq!(
            titles(&response),
            ["Fix all safe copydesk problems"],
            "{only:?}"
        );
        assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
        assert_eq!(
            actions[0]["edit"]["changes"][uri][0],
            json!({ "range": range(2, 4, 2, 29), "newText": "envoys met on Oct." })
        );
    }
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_at(uri, 2, 1, Some(&["quickfix"])),
        )
        .await;
    assert_eq!(titles(&response).len(), 2);
    client.shutdown().await;
}

/// A client that resolves a code action's edit and takes versioned edits
/// (VS Code, Neovim and Helix send these).
fn resolving_capabilities() -> Value {
    let mut caps = neovim_capabilities();
    caps["textDocument"]["codeAction"] = json!({
        "dataSupport": true,
        "resolveSupport": { "properties": ["edit"] },
        "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "source"] } }
    });
    caps["workspace"]["workspaceEdit"] = json!({ "documentChanges": true });
    caps
}

/// The fix-all action offered for `uri`.
async fn fix_all_action(client: &mut Client, uri: &str) -> Value {
    let response = client
        .request("textDocument/codeAction", code_action_at(uri, 2, 1, None))
        .await;
    let actions = response["result"].as_array().unwrap();
    // Quick fixes are versioned too.
    let quick = &actions[0]["edit"]["documentChanges"][0]["textDocument"];
    assert_eq!(quick["uri"], uri);
    assert!(quick["version"].is_number(), "{quick}");
    actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.copydesk")
        .expect("fix-all is offered")
        .clone()
}

#[tokio::test]
async fn fix_all_is_resolved_lazily_as_a_versioned_edit_and_never_for_a_stale_text() {
    let (mut client, caps) = Client::start(resolving_capabilities(), Value::Null).await;
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);
    let uri = "file:///tmp/copydesk-lsp-test/resolve.txt";
    client
        .open(
            uri,
            "plaintext",
            "Talks\n\nThe the envoys met on October 24.\n",
        )
        .await;
    let fix_all = fix_all_action(&mut client, uri).await;
    assert!(
        fix_all.get("edit").is_none(),
        "computed before it was chosen: {fix_all}"
    );
    assert_eq!(fix_all["data"]["uri"], uri);
    assert_eq!(fix_all["data"]["version"], 1);
    let resolved = client.request("codeAction/resolve", fix_all.clone()).await;
    let change = &resolved["result"]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": uri, "version": 1 }));
    assert_eq!(
        change["edits"][0],
        json!({ "range": range(2, 4, 2, 29), "newText": "envoys met on Oct." })
    );

    // Asked for by kind, it comes with its edit.
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_at(uri, 0, 0, Some(&["source.fixAll"])),
        )
        .await;
    let change = &response["result"][0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": uri, "version": 1 }));

    // The document changes: the old action is refused, not answered with an
    // edit made for other text; so is one made stale by a change that
    // repeats the version (the second round).
    let mut fix_all = fix_all;
    for (version, text) in [(2, "Big "), (2, "A ")] {
        let at_start = json!([{ "range": range(0, 0, 0, 0), "text": text }]);
        client.change(uri, version, at_start).await;
        let stale = client.request("codeAction/resolve", fix_all).await;
        assert_eq!(stale["error"]["code"], -32801, "{stale}");
        fix_all = fix_all_action(&mut client, uri).await;
        assert_eq!(fix_all["data"]["version"], version);
    }
    client.shutdown().await;
}

#[tokio::test]
async fn hover_over_a_finding_explains_the_rule() {
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client
        .open(
            URI,
            "plaintext",
            "Talks\n\nThey met for two days staring from Friday.\n",
        )
        .await;
    let hover = |line, character| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let response = client.request("textDocument/hover", hover(2, 25)).await;
    let value = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("`confusable`") && value.contains("truthiness"),
        "{value}"
    );
    assert_eq!(response["result"]["range"], range(2, 22, 2, 34));
    let response = client.request("textDocument/hover", hover(2, 2)).await;
    assert_eq!(response["result"], Value::Null);
    client.shutdown().await;
}

/// A fresh folder `copydesk-lsp-{name}-PID` in the temp dir with a
/// `copydesk.toml` holding `config`: (the folder, the config file, the URI
/// of `story.txt` in it).
fn story_folder(name: &str, config: &str) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("copydesk-lsp-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("copydesk.toml");
    std::fs::write(&file, config).unwrap();
    let uri = format!("file://{}", dir.join("story.txt").display());
    (dir, file, uri)
}

#[tokio::test]
async fn configuration_from_client_settings_and_from_files_on_disk() {
    let (dir, config, uri) = story_folder("config", "[rules]\ndate-format = \"off\"\n");
    let text = "Talks\n\nThe the envoys met on October 24.\n";

    // The client's settings override the file key by key.
    let options = json!({ "copydesk": { "rules": { "repeated-word": "error" } } });
    let (mut client, _) = Client::start(neovim_capabilities(), options).await;
    client.open(&uri, "plaintext", text).await;
    let report = client.pull(&uri, None).await;
    // Config files are watched.
    client.server_request("client/registerCapability").await;
    assert_eq!(codes(&report["items"]), ["repeated-word"]);
    assert_eq!(report["items"][0]["severity"], 1);

    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "copydesk": { "rules": { "repeated-word": "off" } } } }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");

    // The file changes on disk: the next pull follows it.
    std::fs::write(&config, "[rules]\ndate-format = \"hint\"\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["date-format"]);
    assert_eq!(report["items"][0]["severity"], 4);

    // A broken file is reported, and the last good configuration stays.
    std::fs::write(&config, "[rules]\ndate-format = \"loud\"\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["date-format"]);
    let message = client.notification("window/showMessage").await;
    let shown = message["params"]["message"].as_str().unwrap();
    assert!(
        shown.contains("copydesk.toml:2") && shown.contains("not \"loud\""),
        "{shown}"
    );
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A story with one word no dictionary has.
const UNKNOWN_WORD_STORY: &str = "Talks\n\nThe envoys met a zorbleck of officials.\n";

/// A scratch folder whose `copydesk.toml` names the word list `list`
/// (written with `text`): the folder, the list's path and a story's URI.
fn desk_with_word_list(
    tag: &str,
    list: &str,
    text: &str,
) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("copydesk-lsp-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("copydesk.toml"),
        format!("[data]\naccept = [\"{list}\"]\n"),
    )
    .unwrap();
    let path = dir.join(list);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let uri = format!("file://{}", dir.join("story.txt").display());
    (dir, path, uri)
}

#[tokio::test]
async fn an_edited_accept_list_is_watched_and_followed() {
    let (dir, list, uri) = desk_with_word_list("accept", "desk-accept.txt", "# house exceptions\n");
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client
        .open(&uri, "plaintext", "Talks\n\nThe goverment met.\n")
        .await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["misspelling"]);

    // The desk accepts the spelling; the editor reports the file changed.
    std::fs::write(&list, "# house exceptions\ngoverment\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", list.display()), "type": 2 }] }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");
    let watched: Vec<&Value> = client
        .server_requests
        .iter()
        .filter(|r| r["method"] == "client/registerCapability")
        .flat_map(|r| r["params"]["registrations"].as_array().unwrap())
        .flat_map(|r| r["registerOptions"]["watchers"].as_array().unwrap())
        .map(|w| &w["globPattern"])
        .collect();
    assert!(
        watched.contains(&&json!("**/desk-accept.txt")),
        "{watched:?}"
    );
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn hostile_input_is_answered_and_the_server_keeps_serving() {
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    // A body that is not JSON: a parse error with id null.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json").await;
    let answer = client.response_to(Value::Null).await;
    assert_eq!(answer["error"]["code"], -32700);
    // A header block without a usable Content-Length, with a body after it,
    // and a header line with a byte that is not UTF-8: answered, and the
    // next message is found again.
    client
        .send_raw(
            b"Content-Type: foo\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":90,\"method\":\"shutdown\"}",
        )
        .await;
    let answer = client.response_to(Value::Null).await;
    assert_eq!(answer["error"]["code"], -32600);
    client.send_raw(b"Content-Length: -5\r\n\r\nxx").await;
    let answer = client.response_to(Value::Null).await;
    assert_eq!(answer["error"]["code"], -32600);
    client.send_raw(b"X-Note: caf\xe9\r\n").await;
    let response = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
        )
        .await;
    assert!(response.get("result").is_some(), "{response}");
    // JSON that is not a JSON-RPC message.
    client.send(json!({ "id": 41, "hello": "world" })).await;
    let answer = client.response_to(json!(41)).await;
    assert_eq!(answer["error"]["code"], -32600);
    // An unknown method, and malformed params.
    let response = client.request("copydesk/noSuchMethod", json!({})).await;
    assert_eq!(response["error"]["code"], -32601);
    let response = client
        .request("textDocument/hover", json!({ "textDocument": 5 }))
        .await;
    assert_eq!(response["error"]["code"], -32602);
    // A change for a document that is not open, and a range past the end.
    client
        .edit("file:///nowhere.txt", 2, range(0, 0, 0, 0), "x")
        .await;
    client.open(URI, "plaintext", "Talks\n\nabc").await;
    client.edit(URI, 2, range(7, 3, 99, 99), " the the").await;
    // A stale version is ignored.
    client.edit(URI, 1, range(0, 0, 0, 0), "STALE ").await;
    let report = client.pull(URI, None).await;
    assert_eq!(codes(&report["items"]), ["repeated-word"]);
    assert_eq!(report["items"][0]["range"], range(2, 4, 2, 11));
    // Diagnostics for a document that is not open: an error response.
    let response = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": "file:///nowhere.txt" } }),
        )
        .await;
    assert_eq!(response["error"]["code"], -32602);
    client.shutdown().await;
}

#[tokio::test]
async fn closing_a_document_clears_its_pushed_diagnostics() {
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    client.open(URI, "plaintext", "Talks\n\nthe the\n").await;
    assert_eq!(
        client.published(1).await["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let cleared = client.notification("textDocument/publishDiagnostics").await;
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    client.shutdown().await;
}

fn hover_at(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

#[tokio::test]
async fn hover_cards_for_officials_canonical_variant_mid_word_and_multi_line() {
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    let text =
        "Talks\n\nVice Foreign Minister Han Song Ryol met Choi Sun-hee and Robert\nGallucci.\n";
    client.open(URI, "plaintext", text).await;
    // Canonical spelling, cursor in the middle of "Song".
    let response = client
        .request("textDocument/hover", hover_at(URI, 2, 28))
        .await;
    let card = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("### Han Song Ryol (한성렬)"), "{card}");
    assert!(card.contains("Yonhap style:** Han Song-ryol"), "{card}");
    assert_eq!(response["result"]["range"], range(2, 22, 2, 35));
    // A variant shows the house card, and the finding's explanation below it.
    let response = client
        .request("textDocument/hover", hover_at(URI, 2, 45))
        .await;
    let card = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("### Choe Son Hui (최선희)"), "{card}");
    assert!(card.contains("`name-variant`"), "{card}");
    // A name broken across lines, hovered on its second line.
    let response = client
        .request("textDocument/hover", hover_at(URI, 3, 3))
        .await;
    let card = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("### Robert L. Gallucci"), "{card}");
    assert_eq!(response["result"]["range"], range(2, 57, 3, 8));
    // Nothing on ordinary words.
    let response = client
        .request("textDocument/hover", hover_at(URI, 2, 37))
        .await;
    assert_eq!(response["result"], Value::Null);
    client.shutdown().await;
}

fn complete_at(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn labels(response: &Value) -> Vec<&str> {
    response["result"]
        .as_array()
        .map(|items| items.iter().map(|i| i["label"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn completion_offers_house_spellings_by_prefix_surname_and_any_case() {
    let (mut client, caps) = Client::start(neovim_capabilities(), Value::Null).await;
    assert!(caps.get("completionProvider").is_some());
    client
        .open(
            URI,
            "plaintext",
            "Talks\n\nHe met Han So\nhe met han so\nGallu\nthe talks went\nKim Jong U\n",
        )
        .await;
    let response = client
        .request("textDocument/completion", complete_at(URI, 2, 13))
        .await;
    assert_eq!(labels(&response), ["Han Song Ryol"]);
    let item = &response["result"][0];
    assert_eq!(
        item["textEdit"],
        json!({ "range": range(2, 7, 2, 13), "newText": "Han Song Ryol" })
    );
    assert!(
        item["detail"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("foreign"),
        "{item}"
    );
    assert!(
        item["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("한성렬")
    );
    // Case-insensitive when the prefix spans words.
    let response = client
        .request("textDocument/completion", complete_at(URI, 3, 13))
        .await;
    assert_eq!(labels(&response), ["Han Song Ryol"]);
    // A surname prefix.
    let response = client
        .request("textDocument/completion", complete_at(URI, 4, 5))
        .await;
    assert_eq!(labels(&response), ["Robert L. Gallucci"]);
    let response = client
        .request("textDocument/completion", complete_at(URI, 6, 10))
        .await;
    assert_eq!(labels(&response), ["Kim Jong Un"]);
    // No name items for ordinary words.
    let response = client
        .request("textDocument/completion", complete_at(URI, 5, 9))
        .await;
    assert!(labels(&response).is_empty(), "{response}");
    client.shutdown().await;
}

/// Neovim's capabilities as it sends them for completion: snippets taken.
fn neovim_with_snippets() -> Value {
    let mut caps = neovim_capabilities();
    caps["textDocument"]["completion"] = json!({ "completionItem": { "snippetSupport": true } });
    caps
}

/// The one item offered at `line`:`character`, as a (label, range, newText)
/// triple, after checking the shape every item must have.
async fn only_item(client: &mut Client, line: u64, character: u64) -> (String, Value, String) {
    let response = client
        .request("textDocument/completion", complete_at(URI, line, character))
        .await;
    let items = response["result"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{response}");
    let item = &items[0];
    // No filterText: Neovim would filter on it case-sensitively, and insert
    // it instead of the label (see handlers/completion.rs).
    assert!(item.get("filterText").is_none(), "{item}");
    (
        item["label"].as_str().unwrap().to_string(),
        item["textEdit"]["range"].clone(),
        item["textEdit"]["newText"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn completion_replaces_the_whole_typed_prefix_as_a_snippet_where_taken() {
    for snippets in [true, false] {
        let caps = if snippets {
            neovim_with_snippets()
        } else {
            neovim_capabilities()
        };
        let (mut client, _) = Client::start(caps, Value::Null).await;
        client
            .open(URI, "plaintext", "Talks\n\nHe met Han So\n")
            .await;
        let response = client
            .request("textDocument/completion", complete_at(URI, 2, 13))
            .await;
        let item = &response["result"][0];
        assert_eq!(item["label"], "Han Song Ryol");
        // The range covers all of "Han So", so the item replaces it whole.
        assert_eq!(
            item["textEdit"],
            json!({ "range": range(2, 7, 2, 13), "newText": "Han Song Ryol" })
        );
        // A snippet where the client takes them: Neovim 0.11 inserts a
        // snippet item's label whole, a plain textEdit's newText only up to
        // its first space. No filterText (see handlers/completion.rs).
        let format = if snippets { json!(2) } else { Value::Null };
        assert_eq!(item["insertTextFormat"], format, "{item}");
        assert!(item.get("filterText").is_none(), "{item}");
        assert!(item.get("insertText").is_none(), "{item}");
        client.shutdown().await;
    }
}

#[tokio::test]
async fn completion_prefix_starts_at_a_line_start_punctuation_or_a_line_break() {
    let (mut client, caps) = Client::start(neovim_with_snippets(), Value::Null).await;
    assert_eq!(caps["positionEncoding"], "utf-8");
    client
        .open(
            URI,
            "plaintext",
            "Talks\n\nHan So\nhan so\nGallu\n(Gallu\n“Han So\nsaid:Han So\n\
             He met\nHan So\r\nKim Jong U\rHe met Robert L. Gal\n",
        )
        .await;
    let han = "Han Song Ryol";
    let gallucci = "Robert L. Gallucci";
    // (line, where the typed prefix starts, the cursor, the item)
    let cases = [
        (2, 0, 6, han),             // at the start of a line
        (3, 0, 6, han),             // lowercase, several words
        (4, 0, 5, gallucci),        // one word: a surname
        (5, 1, 6, gallucci),        // after an opening parenthesis
        (6, 3, 9, han),             // after a curly quote (three UTF-8 bytes)
        (7, 5, 11, han),            // after a colon, no space
        (9, 0, 6, han),             // after a line break ("met" is not part of it)
        (10, 0, 10, "Kim Jong Un"), // after a CRLF
        (11, 7, 20, gallucci),      // after a lone CR; initials' periods inside
    ];
    for (line, from, cursor, expected) in cases {
        let (label, edit_range, new_text) = only_item(&mut client, line, cursor).await;
        assert_eq!(label, expected, "line {line}");
        assert_eq!(new_text, expected, "line {line}");
        assert_eq!(edit_range, range(line, from, line, cursor), "line {line}");
    }
    client.shutdown().await;

    // In UTF-16 (VS Code), the curly quote is one unit.
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    client.open(URI, "plaintext", "Talks\n\n“Han So\n").await;
    let (label, edit_range, _) = only_item(&mut client, 2, 7).await;
    assert_eq!(label, han);
    assert_eq!(edit_range, range(2, 1, 2, 7));
    client.shutdown().await;
}

/// The code action at `line:character` whose title starts with `title`.
async fn code_action_titled(
    client: &mut Client,
    uri: &str,
    line: u64,
    character: u64,
    title: &str,
) -> Value {
    let response = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range(line, character, line, character),
                "context": { "diagnostics": [] }
            }),
        )
        .await;
    response["result"]
        .as_array()
        .and_then(|actions| {
            actions
                .iter()
                .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        })
        .cloned()
        .unwrap_or_else(|| panic!("an action “{title}…”: {response}"))
}

/// The file changed on disk, as the client's watcher reports it.
async fn file_changed(client: &mut Client, path: &std::path::Path) {
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", path.display()), "type": 2 }] }),
        )
        .await;
}

#[tokio::test]
async fn a_newsroom_names_file_is_used_and_followed_when_it_changes() {
    let dir = std::env::temp_dir().join(format!("copydesk-lsp-names-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("desk")).unwrap();
    std::fs::write(
        dir.join("copydesk.toml"),
        "[names]\nfiles = [\"desk/names.toml\"]\n",
    )
    .unwrap();
    let names = dir.join("desk/names.toml");
    std::fs::write(
        &names,
        "[[person]]\nname = \"Park Jin\"\nvariants = [\"Pak Jin\"]\ntitle = \"Foreign Minister\"\n",
    )
    .unwrap();
    let uri = format!("file://{}", dir.join("story.txt").display());
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client
        .open(
            &uri,
            "plaintext",
            "Talks\n\nPak Jin met Kim Chol Min.\nPark J\n",
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["name-variant"]);
    let response = client
        .request("textDocument/completion", complete_at(&uri, 3, 6))
        .await;
    assert_eq!(labels(&response), ["Park Jin"]);
    // "Add to the newsroom's names file" for an unknown name.
    let add = code_action_titled(&mut client, &uri, 2, 16, "Add “Kim Chol Min”").await;
    let edit = &add["edit"]["documentChanges"][0];
    assert_eq!(
        edit["edits"][0]["newText"],
        "\n[[person]]\nname = \"Kim Chol Min\"\n"
    );
    assert_eq!(edit["edits"][0]["range"], range(4, 0, 4, 0));
    // The file changes on disk: findings follow.
    std::fs::write(&names, "[[person]]\nname = \"Pak Jin\"\n").unwrap();
    file_changed(&mut client, &names).await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn inconsistent_spellings_point_at_each_other() {
    // With `name-variant` on, the off-house spelling is that rule's finding
    // alone; the consistency rule speaks when a desk has switched it off.
    let options = json!({ "copydesk": { "rules": { "name-variant": "off" } } });
    let (mut client, _) = Client::start(neovim_capabilities(), options).await;
    client
        .open(
            URI,
            "plaintext",
            "Talks\n\nKim Jong Un spoke.\n\nKim Jong-un left.\n",
        )
        .await;
    let report = client.pull(URI, None).await;
    let inconsistent = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "name-inconsistent")
        .unwrap();
    assert_eq!(inconsistent["range"], range(4, 0, 4, 11));
    assert_eq!(
        inconsistent["relatedInformation"][0]["location"]["range"],
        range(2, 0, 2, 11)
    );
    assert_eq!(
        inconsistent["relatedInformation"][0]["location"]["uri"],
        URI
    );
    client.shutdown().await;
}

#[tokio::test]
async fn settings_sent_right_after_open_always_apply() {
    // A fresh server each round, so the configuration is being loaded for
    // the first lint exactly when the new settings arrive (as with eglot).
    for round in 0..8 {
        let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
        let uri = format!("file:///tmp/copydesk-race/story-{round}.txt");
        let (level, severity) = if round % 2 == 0 {
            ("hint", 4)
        } else {
            ("error", 1)
        };
        client.open(&uri, "plaintext", "Talks\n\nthe the\n").await;
        client
            .notify(
                "workspace/didChangeConfiguration",
                json!({ "settings": { "copydesk": { "rules": { "repeated-word": level } } } }),
            )
            .await;
        client.quiet_for("none", 200).await;
        let last = client
            .notifications
            .iter()
            .rev()
            .find(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(uri)
            })
            .expect("diagnostics were published")
            .clone();
        assert_eq!(
            last["params"]["diagnostics"][0]["severity"], severity,
            "round {round}: {last}"
        );
        client.shutdown().await;
    }
}

#[tokio::test]
async fn reopening_during_an_analysis_never_mixes_the_two_texts() {
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    let big = "The the envoys met on October 24.\n\n".repeat(20_000);
    client.open(URI, "plaintext", &big).await;
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    client
        .open(URI, "plaintext", "# 한국 회담\n\n한국어 문장입니다.\n")
        .await;
    client.quiet_for("none", 1500).await;
    let last = client
        .notifications
        .iter()
        .rev()
        .find(|n| n["method"] == "textDocument/publishDiagnostics")
        .expect("diagnostics were published")
        .clone();
    assert_eq!(
        last["params"]["diagnostics"],
        json!([]),
        "the old text's findings were published last"
    );
    // The server is alive and answers for the new text.
    let response = client
        .request("textDocument/hover", hover_at(URI, 2, 0))
        .await;
    assert!(response.get("error").is_none(), "{response}");
    client.shutdown().await;
}

#[tokio::test]
async fn a_change_that_repeats_the_version_is_a_new_edit() {
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    // Long, so that its analysis takes a while; clean, so that the answers
    // are short.
    let big: String = (0..20_000)
        .map(|i| format!("Item {i}: the envoys met in Seoul.\n\n"))
        .collect();
    client.open(URI, "plaintext", &big).await;
    let before = client.pull(URI, None).await["items"]
        .as_array()
        .unwrap()
        .len();
    // New settings: the next analysis starts afresh, on the blocking pool,
    // and takes a while. While it runs, a change arrives that repeats
    // version 1.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "copydesk": { "rules": { "misspelling": "hint" } } } }),
        )
        .await;
    let id = client
        .send_request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    client.edit(URI, 1, range(0, 0, 0, 0), "the the ").await;
    let during = client.response_to(id).await;
    assert_eq!(
        during["result"]["items"].as_array().unwrap().len(),
        before,
        "the analysis had read the old text when the change came"
    );
    let during_id = during["result"]["resultId"].as_str().unwrap().to_string();
    // The old text's analysis was not stored as the current one.
    let report = client.pull(URI, Some(&during_id)).await;
    assert_eq!(report["kind"], "full", "{report}");
    let text = format!("the the {big}");
    let expected =
        copydesk::engine::check(&text, copydesk::engine::Format::Plain, &Default::default());
    let want: Vec<&str> = expected.iter().map(|f| f.rule).collect();
    assert_eq!(codes(&report["items"]), want);
    assert_ne!(want.len(), before);
    client.shutdown().await;
}

#[tokio::test]
async fn a_reader_that_stalls_gets_only_the_newest_diagnostics() {
    // The server can write 4 KB before it must wait for the client, and
    // each publish here is about 150 KB: while the client reads nothing,
    // 200 edits are made.
    let (mut client, _) =
        Client::start_with_buffer(push_utf16_capabilities(), Value::Null, 4096).await;
    let text = "The the envoys met on October 24.\n\n".repeat(300);
    client.open(URI, "plaintext", &text).await;
    for version in 2..=200 {
        client.edit(URI, version, range(0, 0, 0, 0), "x").await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Everything since: one publish in flight when the reader stalled, and
    // the newest, nothing in between.
    let mut versions = Vec::new();
    loop {
        let published = client.notification("textDocument/publishDiagnostics").await;
        let version = published["params"]["version"].as_i64().unwrap();
        versions.push(version);
        if version == 200 {
            assert!(
                !published["params"]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .is_empty()
            );
            break;
        }
    }
    assert!(
        versions.len() <= 3,
        "superseded publishes were sent: {versions:?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn exit_without_shutdown_exits_with_code_1() {
    let binary = env!("CARGO_BIN_EXE_copydesk");
    let (client, _) = Client::spawn(binary, push_utf16_capabilities(), Value::Null).await;
    assert_eq!(client.exit().await, 1);
    let (client, _) = Client::spawn(binary, push_utf16_capabilities(), Value::Null).await;
    client.shutdown().await;
    // In process too.
    let (client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    assert_eq!(client.exit().await, 1);
}

#[tokio::test]
async fn a_broken_config_without_a_last_good_one_is_reported_once_until_it_changes() {
    let (dir, config, uri) = story_folder("broken", "[rules]\ndate-format = \"loud\"\n");
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    client.open(&uri, "plaintext", "Talks\n\nabc\n").await;
    client.published(1).await;
    for version in 2..=6 {
        client.edit(&uri, version, range(2, 0, 2, 0), "x").await;
        client.published(version).await;
    }
    let watched =
        json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] });
    // The file is saved again, still broken the same way: not shown again.
    client
        .notify("workspace/didChangeWatchedFiles", watched.clone())
        .await;
    client.quiet_for("none", 300).await;
    let shown = |client: &mut Client| -> Vec<String> {
        let messages = client
            .notifications
            .iter()
            .filter(|n| n["method"] == "window/showMessage")
            .map(|n| n["params"]["message"].as_str().unwrap().to_string())
            .collect();
        client
            .notifications
            .retain(|n| n["method"] != "window/showMessage");
        messages
    };
    let messages = shown(&mut client);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("not \"loud\"") && messages[0].ends_with("using the defaults"),
        "{messages:?}"
    );
    // A different error is shown.
    std::fs::write(&config, "[rules]\nrepeated-word = \"shout\"\n").unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", watched)
        .await;
    client.quiet_for("none", 300).await;
    let messages = shown(&mut client);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("not \"shout\""), "{messages:?}");
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn facts_that_disagree_point_at_the_other_mention_and_dates_show_their_weekday() {
    // The client's `date` beats the "Posted" line (2016): the weekday of
    // "Oct. 27" is read in 2017.
    let options = json!({ "copydesk": { "date": "2017-10-24" } });
    let (mut client, _) = Client::start(neovim_capabilities(), options).await;
    let text = "Talks\n\nPosted : 2016-10-24\n\n\
Vice Foreign Minister Kim Min-jun, 42, of the Korean Central News Agency (KCNA) left on Thursday, Oct. 27.\n\n\
Deputy Foreign Minister Kim, 43, told the Korea Central News Agency (KCNA) he met on Monday, Oct. 24, 2016.\n";
    client.open(URI, "plaintext", text).await;
    let report = client.pull(URI, None).await;
    let related = |code: &str| {
        let diagnostic = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {report}"));
        let info = &diagnostic["relatedInformation"][0];
        assert_eq!(info["location"]["uri"], URI, "{diagnostic}");
        (
            diagnostic["range"].clone(),
            info["location"]["range"].clone(),
        )
    };
    assert_eq!(
        related("age-inconsistent"),
        (range(6, 29, 6, 31), range(4, 35, 4, 37))
    );
    assert_eq!(
        related("title-inconsistent"),
        (range(6, 0, 6, 23), range(4, 0, 4, 21))
    );
    assert_eq!(
        related("abbreviation-inconsistent"),
        (range(6, 42, 6, 67), range(4, 46, 4, 72))
    );
    // Oct. 27, 2017 is a Friday; the given date has no place in the text,
    // so there is nothing to point at.
    let weekday = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "weekday-date")
        .unwrap();
    assert!(
        weekday["message"].as_str().unwrap().contains("Friday"),
        "{weekday}"
    );
    assert!(weekday.get("relatedInformation").is_none(), "{weekday}");
    // Hover over the date: its weekday and the story's date.
    let response = client
        .request("textDocument/hover", hover_at(URI, 4, 101))
        .await;
    let shown = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**Friday, Oct. 27, 2017**")
            && shown.contains("The story's date: Oct. 24, 2017 (from the date given to copydesk)"),
        "{shown}"
    );
    client.shutdown().await;
}

/// A card shows the position held on the story's date: a story posted in
/// 2016 gets Choe Son Hui's 2016 post, one without a date today's.
#[tokio::test]
async fn a_card_shows_the_position_held_on_the_storys_date() {
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    let dated = "Talks\n\nPosted : 2016-10-24 16:55:42\n\nChoe Son Hui spoke.\n";
    client.open(URI, "plaintext", dated).await;
    let response = client
        .request("textDocument/hover", hover_at(URI, 4, 3))
        .await;
    let card = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(card.contains("2016-10-24"), "{card}");
    let held = card.split("Later").next().unwrap();
    assert!(held.contains("Deputy Director-General"), "{card}");
    client.shutdown().await;

    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client
        .open(URI, "plaintext", "Talks\n\nChoe Son Hui spoke.\n")
        .await;
    let response = client
        .request("textDocument/hover", hover_at(URI, 2, 3))
        .await;
    let card = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(!card.contains("Later"), "{card}");
    assert!(card.contains("Foreign Minister"), "{card}");
    client.shutdown().await;
}

/// Hover, completion and variant findings for each kind of entity: a person
/// and a place and an organization of the built-in set, with a newsroom
/// names file giving the place and the organization an off-house spelling.
#[tokio::test]
async fn people_places_and_organizations_get_cards_completion_and_variant_findings() {
    let (dir, _, uri) = story_folder(
        "entities",
        "[names]\nfiles = [\"names.toml\"]\n[rules]\nname-variant = \"warning\"\n",
    );
    std::fs::write(
        dir.join("names.toml"),
        "[[place]]\nid = \"kaesong\"\nname = \"Kaesong\"\nkind = \"city\"\ncountry = \"North Korea\"\nvariants = [\"Gaeseong\"]\n\n\
         [[organization]]\nid = \"kcna\"\nname = \"Korean Central News Agency\"\nabbreviation = \"KCNA\"\nnative = \"조선중앙통신\"\nkind = \"news agency\"\nvariants = [\"Korea Central News Agency\"]\n",
    )
    .unwrap();
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    let text = "Talks\n\nChoi Sun-hee told KCNA in Pyongyang that Gaeseong and the Korea Central News Agency agreed.\nChoe Son H\nPyongy\nKorean Cen\n";
    client.open(&uri, "plaintext", text).await;
    let line = text.lines().nth(2).unwrap();
    let at = |word: &str| line.find(word).unwrap() as u64;

    // Variant findings: one for each kind, each with the house spelling.
    let report = client.pull(&uri, None).await;
    let variants: Vec<(String, String)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "name-variant")
        .map(|d| {
            let (from, to) = (
                d["range"]["start"]["character"].as_u64().unwrap() as usize,
                d["range"]["end"]["character"].as_u64().unwrap() as usize,
            );
            (line[from..to].to_string(), d["message"].to_string())
        })
        .collect();
    let written: Vec<&str> = variants.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        written,
        ["Choi Sun-hee", "Gaeseong", "Korea Central News Agency"],
        "{report}"
    );
    for ((_, message), house) in
        variants
            .iter()
            .zip(["Choe Son Hui", "Kaesong", "Korean Central News Agency"])
    {
        assert!(message.contains(house), "{message}");
    }

    // Hover cards: the person through a variant, the place, the
    // organization through its abbreviation.
    for (word, card_start, has) in [
        ("Sun-hee", "### Choe Son Hui (최선희)", "North Korea"),
        ("Pyongyang", "### Pyongyang", "*capital city*"),
        (
            "KCNA",
            "### Korean Central News Agency (조선중앙통신)",
            "**Abbreviation:** KCNA",
        ),
        ("Gaeseong", "### Kaesong", "*city*"),
    ] {
        let response = client
            .request("textDocument/hover", hover_at(&uri, 2, at(word) + 1))
            .await;
        let card = response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("a card on {word}: {response}"));
        assert!(card.starts_with(card_start), "{word}: {card}");
        assert!(card.contains(has), "{word}: {card}");
    }

    // Completion of each kind's house spelling.
    for (row, typed, house) in [
        (3, "Choe Son H", "Choe Son Hui"),
        (4, "Pyongy", "Pyongyang"),
        (5, "Korean Cen", "Korean Central News Agency"),
    ] {
        let response = client
            .request(
                "textDocument/completion",
                complete_at(&uri, row, typed.len() as u64),
            )
            .await;
        // The house spelling first; other entities that begin the same
        // way ("Korean Central Television") may follow.
        assert_eq!(
            labels(&response).first().copied(),
            Some(house),
            "{typed}: {response}"
        );
    }
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_word_the_dictionary_lacks_can_be_added_to_the_newsrooms_word_list() {
    let (dir, accept, uri) =
        desk_with_word_list("words", "desk/accept.txt", "# desk words\nDeTrani");
    let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
    client.open(&uri, "plaintext", UNKNOWN_WORD_STORY).await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["spelling"], "{report}");
    let add = code_action_titled(
        &mut client,
        &uri,
        2,
        18,
        "Add “zorbleck” to the newsroom's word list (accept.txt)",
    )
    .await;
    let edit = &add["edit"]["documentChanges"][0];
    // On a line of its own, after the file's last line (which had no newline).
    assert_eq!(edit["edits"][0]["newText"], "\nzorbleck\n");
    assert_eq!(edit["edits"][0]["range"], range(1, 7, 1, 7));
    // The edit applied as the editor applies it (at the file's end): once
    // on the list, the word is not flagged again.
    let before = std::fs::read_to_string(&accept).unwrap();
    let after = format!("{before}{}", edit["edits"][0]["newText"].as_str().unwrap());
    assert_eq!(after, "# desk words\nDeTrani\nzorbleck\n");
    std::fs::write(&accept, after).unwrap();
    file_changed(&mut client, &accept).await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Neovim on Linux (and other editors) watch no files for the server: it
/// looks at the configuration's files itself, so a word written to the
/// desk's list by hand or by the "Add to the word list" action is in force
/// within seconds, with no notification from the client.
#[tokio::test]
async fn a_client_that_watches_no_files_still_sees_the_word_list_change() {
    let (dir, accept, uri) = desk_with_word_list("poll", "accept.txt", "");
    let (mut client, init) = Client::start(linux_neovim_capabilities(), Value::Null).await;
    assert!(
        init["capabilities"]["diagnosticProvider"].is_null(),
        "no pull for a client the server could not ask to pull again: {init}"
    );
    client.open(&uri, "plaintext", UNKNOWN_WORD_STORY).await;
    let first = client.published(1).await;
    assert_eq!(codes(&first["diagnostics"]), ["spelling"], "{first}");

    std::fs::write(&accept, "zorbleck\n").unwrap();
    let again = tokio::time::timeout(std::time::Duration::from_secs(10), client.published(1))
        .await
        .expect("the stories are checked again within seconds of the change");
    assert!(codes(&again["diagnostics"]).is_empty(), "{again}");
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_house_spelling_comes_from_the_editors_settings_and_words_can_be_accepted() {
    let dir = std::env::temp_dir().join(format!("copydesk-lsp-house-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("copydesk.toml"),
        "[data]\naccept = [\"accept.txt\"]\n",
    )
    .unwrap();
    let accept = dir.join("accept.txt");
    std::fs::write(&accept, "").unwrap();
    let uri = format!("file://{}", dir.join("story.txt").display());
    let options = json!({ "copydesk": { "style": { "spelling": "british" } } });
    let (mut client, _) = Client::start(neovim_capabilities(), options).await;
    let text = "Talks\n\nThe envoys met at the center of the Labour Party's colour campaign.\n";
    client.open(&uri, "plaintext", text).await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["house-spelling"], "{report}");
    assert_eq!(report["items"][0]["range"], range(2, 22, 2, 28));
    // The British counterpart as a quick fix, and the word for the list.
    let fix = code_action_titled(&mut client, &uri, 2, 24, "Replace with “centre”").await;
    assert_eq!(
        fix["edit"]["changes"][&uri][0]["newText"]
            .as_str()
            .or_else(|| fix["edit"]["documentChanges"][0]["edits"][0]["newText"].as_str()),
        Some("centre"),
        "{fix}"
    );
    let add = code_action_titled(
        &mut client,
        &uri,
        2,
        24,
        "Add “center” to the newsroom's word list (accept.txt)",
    )
    .await;
    let appended = add["edit"]["documentChanges"]
        .as_array()
        .and_then(|changes| {
            changes
                .iter()
                .find_map(|c| c["edits"][0]["newText"].as_str())
        });
    assert_eq!(appended, Some("center\n"), "{add}");

    // American copy, as the editor's settings now say: "colour" instead.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "copydesk": { "style": { "spelling": "american" } } } }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert_eq!(codes(&report["items"]), ["house-spelling"], "{report}");
    assert_eq!(report["items"][0]["range"], range(2, 51, 2, 57));
    code_action_titled(&mut client, &uri, 2, 53, "Replace with “color”").await;
    code_action_titled(
        &mut client,
        &uri,
        2,
        53,
        "Add “colour” to the newsroom's word list (accept.txt)",
    )
    .await;

    // Once on the newsroom's list, the word is not flagged in either house.
    std::fs::write(&accept, "colour\ncenter\n").unwrap();
    file_changed(&mut client, &accept).await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "copydesk": { "style": { "spelling": "british" } } } }),
        )
        .await;
    let report = client.pull(&uri, None).await;
    assert!(codes(&report["items"]).is_empty(), "{report}");
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
