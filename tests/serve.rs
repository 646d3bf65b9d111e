//! `copydesk serve`'s API against the real binary on a loopback port: the
//! check answers exactly what `copydesk check --format json -` prints (with
//! the same configuration discovery), hover, completion and fix-all answer
//! as the editors' equivalents do, and the bounds and guards hold (token,
//! body size, host, origin, no path reaches the disk).

#[path = "support/serve.rs"]
mod serve;

use serve::{Served, copydesk, request, scratch};

const STORY: &str = include_str!("../examples/story.txt");

#[test]
fn check_answers_what_the_cli_prints_with_the_same_configuration() {
    let dir = scratch("check");
    // A configuration in the working folder: discovered by both.
    std::fs::write(
        dir.join("copydesk.toml"),
        "[rules]\nrepeated-word = \"error\"\ndate-format = \"off\"\n",
    )
    .unwrap();
    let served = Served::start(&dir, &[], &[]);
    let markdown = "# Talks resume\n\nThe the envoys met on October 24th , 2016.\n\n<!-- copydesk-disable-next-line repeated-word -->\nThey said the the talks went well.\n";
    for (text, query, flag) in [
        (STORY, "", None),
        (markdown, "?format=markdown", Some("--stdin-markdown")),
        ("", "", None),
        ("기자 met Victor Cha Victor Cha today.  😀\r\n", "", None),
    ] {
        let mut args = vec!["check", "--format", "json"];
        args.extend(flag);
        args.push("-");
        let (expected, _) = copydesk(&dir, &args, text);
        let reply = served.post(&format!("/api/check{query}"), text);
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.text(), expected, "for {text:?}");
    }
    // The configuration was read: repeated-word is an error, no date-format.
    let found = served.post("/api/check", STORY).json();
    let rules: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"repeated-word") && !rules.contains(&"date-format"));

    // A session re-checks edit after edit, and answers as the CLI does.
    let edits = [
        STORY.to_string(),
        STORY.replace("the the two", "the two"),
        STORY.replace("the the two", "the two") + "\nA second a agreement.\n",
        STORY.replacen("Ministers", "Minsters", 1),
    ];
    for text in &edits {
        let (expected, _) = copydesk(&dir, &["check", "--format", "json", "-"], text);
        let reply = served.post("/api/check?session=page-1", text);
        assert_eq!(reply.text(), expected);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rules in force for a check of `text` in session `session`.
fn rules_found(served: &Served, session: &str, text: &str) -> Vec<String> {
    served
        .post(&format!("/api/check?session={session}"), text)
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_edited_configuration_or_word_list_is_in_force_on_the_next_check() {
    let dir = scratch("reload");
    let config = dir.join("copydesk.toml");
    std::fs::write(&config, "[data]\naccept = [\"words.txt\"]\n").unwrap();
    std::fs::write(dir.join("words.txt"), "").unwrap();
    let served = Served::start(&dir, &[], &[]);
    let text = "The the envoys discussed the ppalli rules.\n";
    let first = rules_found(&served, "desk", text);
    assert!(first.iter().any(|r| r == "repeated-word"), "{first:?}");
    assert!(first.iter().any(|r| r == "spelling"), "{first:?}");

    // The desk adds the word to its list and turns a rule off; the page's
    // next check (after the once-a-second look) follows both, in the same
    // session, as a fresh `copydesk check` does.
    std::fs::write(dir.join("words.txt"), "ppalli\n").unwrap();
    std::fs::write(
        &config,
        "[data]\naccept = [\"words.txt\"]\n[rules]\nrepeated-word = \"off\"\n",
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (expected, _) = copydesk(&dir, &["check", "--format", "json", "-"], text);
    let reply = served.post("/api/check?session=desk", text);
    assert_eq!(reply.text(), expected);
    assert_eq!(rules_found(&served, "desk", text), Vec::<String>::new());

    // A broken file leaves the last good configuration in force.
    std::fs::write(&config, "[rules\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(rules_found(&served, "desk", text), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hover_completion_and_fix_all_answer_as_the_editors_do() {
    let dir = scratch("tools");
    let served = Served::start(&dir, &[], &[]);
    let at = STORY.find("Han Song Ryol").unwrap() + 2;
    let hover = served
        .post(&format!("/api/hover?at={at}&session=s"), STORY)
        .json();
    let cards = hover["cards"].as_array().unwrap();
    assert!(
        cards[0].as_str().unwrap().starts_with("### Han Song Ryol"),
        "{hover}"
    );
    assert_eq!(hover["byte_start"], STORY.find("Han Song Ryol").unwrap());
    // Over plain words: no card.
    let hover = served.post("/api/hover?at=3", STORY).json();
    assert_eq!(hover["cards"].as_array().unwrap().len(), 0, "{hover}");
    assert_eq!(
        served.post("/api/hover", STORY).status,
        400,
        "at is required"
    );
    assert_eq!(served.post("/api/hover?at=999999", STORY).status, 400);
    assert_eq!(served.post("/api/hover?at=-1", STORY).status, 400);
    // Inside a character: refused, not a panic.
    let korean = "기자 met Han Song Ryol.";
    assert_eq!(served.post("/api/hover?at=1", korean).status, 400);
    let at = korean.find("Han").unwrap();
    let hover = served.post(&format!("/api/hover?at={at}"), korean).json();
    assert_eq!(hover["byte_start"], at, "{hover}");

    let line = "The talks were led by Han So";
    let items = served.post("/api/complete", line).json();
    let first = &items[0];
    assert_eq!(first["label"], "Han Song Ryol", "{items}");
    assert_eq!(first["byte_start"], line.find("Han").unwrap());
    assert!(first["card"].as_str().unwrap().contains("Han Song Ryol"));
    let none = served.post("/api/complete", "the talks were").json();
    assert_eq!(none.as_array().unwrap().len(), 0);

    let fixed = served.post("/api/fix-all", STORY).json();
    let (expected, _) = copydesk(&dir, &["check", "--fix", "-"], STORY);
    assert_eq!(fixed["text"], expected.as_str());
    assert!(fixed["applied"].as_u64().unwrap() > 0);

    let rules = served.call("GET", "/api/rules", &[], b"").json();
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "repeated-word" && !r["explanation"].as_str().unwrap().is_empty())
    );
    assert_eq!(served.post("/api/check?format=docx", STORY).status, 400);
    assert_eq!(served.post("/api/check?session=../x", STORY).status, 400);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_page_is_embedded_with_strict_headers() {
    let dir = scratch("page");
    let served = Served::start(&dir, &[], &[]);
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/app.css", "text/css"),
    ] {
        let reply = served.call("GET", path, &[], b"");
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.header("content-type").unwrap().starts_with(kind));
        let csp = reply.header("content-security-policy").unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
    }
    let page = served.call("GET", "/", &[], b"").text();
    // No inline script or style, nothing from elsewhere.
    assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    assert!(!page.contains("<script>") && !page.contains("style=") && !page.contains("<style"));
    assert!(!page.contains("http://") && !page.contains("https://"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_file_of_the_machine_can_be_read() {
    let dir = scratch("traversal");
    std::fs::write(dir.join("secret.txt"), "SECRET-CONTENT").unwrap();
    let served = Served::start(&dir, &[], &[]);
    for path in [
        "/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/app.js/../secret.txt",
        "/api/check/../../secret.txt",
        "/etc/passwd",
        "/../../../../etc/passwd",
        "/src/serve/page/app.js",
        "//etc/passwd",
        "/api/check?path=secret.txt",
        "/api/rules?file=/etc/passwd",
    ] {
        for method in ["GET", "POST"] {
            let reply = served.call(method, path, &[], b"");
            let text = reply.text();
            assert!(
                !text.contains("SECRET-CONTENT") && !text.contains("root:"),
                "{method} {path}: {text}"
            );
            if !path.starts_with("/api/check?") && !path.starts_with("/api/rules?") {
                assert!(
                    matches!(reply.status, 400 | 404 | 405),
                    "{method} {path}: {}",
                    reply.status
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_token_guards_every_api_call() {
    let dir = scratch("token");
    let served = Served::start(&dir, &["--token", "s3cret-token"], &[]);
    assert!(
        served.url.ends_with("/#token=s3cret-token"),
        "{}",
        served.url
    );
    for headers in [
        &[][..],
        &[("Authorization", "Bearer wrong-token!")][..],
        &[("Authorization", "Bearer s3cret-toke")][..],
        &[("Authorization", "s3cret-token")][..],
    ] {
        for (method, path) in [
            ("POST", "/api/check"),
            ("POST", "/api/hover?at=0"),
            ("POST", "/api/complete"),
            ("POST", "/api/fix-all"),
            ("GET", "/api/rules"),
        ] {
            let reply = served.call(method, path, headers, b"The the talks.");
            assert_eq!(reply.status, 401, "{method} {path} {headers:?}");
        }
    }
    let good = [("Authorization", "Bearer s3cret-token")];
    assert_eq!(
        served
            .call("POST", "/api/check", &good, b"The the talks.")
            .status,
        200
    );
    // The page itself carries no secret and loads without the token.
    assert_eq!(served.call("GET", "/", &[], b"").status, 200);
    drop(served);

    // From the environment, out of the process list.
    let served = Served::start(&dir, &[], &[("COPYDESK_SERVE_TOKEN", "from-env")]);
    assert_eq!(served.post("/api/check", "Text.").status, 401);
    let good = [("Authorization", "Bearer from-env")];
    assert_eq!(
        served.call("POST", "/api/check", &good, b"Text.").status,
        200
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bodies_are_bounded_and_hosts_and_origins_checked() {
    let dir = scratch("bounds");
    let served = Served::start(&dir, &["--max-body-kib", "1"], &[]);
    let big = "The talks went on. ".repeat(100);
    assert!(big.len() > 1024);
    let reply = served.post("/api/check", &big);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(reply.text().contains("1 KiB"));
    // Without a declared length (chunked), the limit holds while reading.
    let mut chunked = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()).into_bytes();
    let reply = served.call(
        "POST",
        "/api/check",
        &[("Transfer-Encoding", "chunked")],
        &chunked,
    );
    assert_eq!(reply.status, 413, "{}", reply.text());
    chunked = b"5\r\nText.\r\n0\r\n\r\n".to_vec();
    let reply = served.call(
        "POST",
        "/api/check",
        &[("Transfer-Encoding", "chunked")],
        &chunked,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(served.post("/api/check", "The talks.").status, 200);

    // Not UTF-8: refused with the reason.
    let reply = served.call("POST", "/api/check", &[], b"caf\xe9");
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("UTF-8"), "{}", reply.text());

    // Another site's page, or a name that is not this server (DNS
    // rebinding), is refused.
    let reply = served.call(
        "POST",
        "/api/check",
        &[("Origin", "http://evil.example")],
        b"Text.",
    );
    assert_eq!(reply.status, 403);
    let own = format!("http://{}", served.addr);
    let reply = served.call("POST", "/api/check", &[("Origin", &own)], b"Text.");
    assert_eq!(reply.status, 200);
    let port = served.addr.rsplit(':').next().unwrap();
    let reply = served.call(
        "GET",
        "/",
        &[("Host", &format!("evil.example:{port}"))],
        b"",
    );
    assert_eq!(reply.status, 421);
    let reply = served.call("GET", "/", &[("Host", &format!("localhost:{port}"))], b"");
    assert_eq!(reply.status, 200);

    // A client that sends half a request and waits holds up no one.
    let mut stalled = std::net::TcpStream::connect(&served.addr).unwrap();
    use std::io::Write;
    stalled
        .write_all(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nThe")
        .unwrap();
    let reply = request(&served.addr, "POST", "/api/check", &[], b"The the talks.");
    assert_eq!(reply.status, 200);
    drop(stalled);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_story_that_never_finishes_arriving_is_answered_408() {
    let dir = scratch("timeout");
    let served = Served::start(&dir, &["--timeout", "1"], &[]);
    let mut slow = std::net::TcpStream::connect(&served.addr).unwrap();
    use std::io::{Read, Write};
    write!(
        slow,
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Length: 100\r\n\r\nThe",
        served.addr
    )
    .unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("too long to arrive"), "{answer}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn other_addresses_need_an_explicit_flag_and_get_a_warning() {
    let dir = scratch("remote");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(&dir)
        .args(["serve", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--allow-remote"), "{stderr}");

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(&dir)
        .args(["serve", "--listen", "0.0.0.0:0", "--allow-remote"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut warning = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        warning.contains("warning") && warning.contains("no token"),
        "{warning}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
