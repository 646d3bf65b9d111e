-- The real-Neovim test: run by run.sh as
--   nvim --headless --clean -c 'luafile editors/neovim/test/test.lua'
-- with `copydesk` on PATH. It loads editors/neovim/copydesk.lua unchanged,
-- opens a copy of story.txt and checks, each by name:
--   attach       the copydesk client attaches to the story
--   diagnostics  a `repeated-word` diagnostic from copydesk arrives
--   settings     it is an error, as vim.g.copydesk_settings says (default: warning)
--   hover        hover on "Han Song Ryol" (mid-name) returns a card with
--                "Han Song Ryol" and its Hangul, 한성렬
--   completion   completion at the end of a line "Han So" offers "Han Song Ryol"
--   variants     `name-variant` diagnostics for a person ("Choi Sun-hee"), a
--                place ("Gaeseong") and an organization ("Korea Central News
--                Agency"), the last two from a names file the test writes
--   hover-place, hover-organization
--                cards on "Pyongyang" (a capital city) and "KCNA" (the Korean
--                Central News Agency, 조선중앙통신)
--   completion-place, completion-organization
--                "Kaeso" offers "Kaesong", "Korean Cen" the news agency
--   quick-fix    the repeated-word quick fix, taken with
--                vim.lsp.buf.code_action, removes the doubled name
--   word-list    "Add “zorbleck” to the newsroom's word list", taken the
--                same way and the list written: the word is no longer
--                flagged (the server sees the file change by itself)
--   accept-*     typing a name's start in insert mode, completing it and
--                accepting the first item (CTRL-Y) leaves the full house
--                spelling in the buffer, nothing of what was typed besides:
--                with the omnifunc Neovim sets (<C-x><C-o>, the shipped
--                set-up), then again with vim.lsp.completion enabled
-- It writes a JSON result to $COPYDESK_TEST_RESULT (else stdout) and quits
-- with status 0 only if every check passed (or is listed in
-- $COPYDESK_NVIM_XFAIL, comma-separated, as expected to fail).

local repo = assert(os.getenv('COPYDESK_REPO'), 'COPYDESK_REPO is not set (run run.sh)')
local here = repo .. '/editors/neovim/test'
local timeout_ms = tonumber(os.getenv('COPYDESK_TEST_TIMEOUT_MS') or '') or 20000

local xfail = {}
for name in (os.getenv('COPYDESK_NVIM_XFAIL') or ''):gmatch('[^,%s]+') do
  xfail[name] = true
end

local result = {
  nvim = tostring(vim.version()),
  checks = {},
}

local function record(name, ok, detail)
  local status = ok and 'pass' or 'fail'
  if xfail[name] then
    status = ok and 'xpass' or 'xfail'
  end
  table.insert(result.checks, { name = name, status = status, detail = detail })
end

local function finish()
  local failed = 0
  local passed = 0
  for _, check in ipairs(result.checks) do
    if check.status == 'fail' then
      failed = failed + 1
    else
      passed = passed + 1
    end
  end
  result.passed = passed
  result.failed = failed
  result.ok = failed == 0
  local json = vim.json.encode(result)
  local path = os.getenv('COPYDESK_TEST_RESULT')
  if path and path ~= '' then
    local file = assert(io.open(path, 'w'))
    file:write(json, '\n')
    file:close()
  else
    io.stdout:write(json, '\n')
  end
  vim.cmd((failed == 0) and 'qall!' or 'cquit 1')
end

-- Calls fn(...): an error in it (in a timer, out of reach of the xpcall
-- below) fails the test at once.
local function guarded(fn, ...)
  local ok_fn, fn_err = xpcall(fn, debug.traceback, ...)
  if not ok_fn then
    record('test-script', false, tostring(fn_err))
    finish()
  end
end

-- Set by the synchronous checks below: the asynchronous ones that follow.
local accept_checks

-- Any error in the test itself is a failed check, not a hang.
local ok, err = xpcall(function()
  -- The story goes into a folder of its own with an empty copydesk.toml, so
  -- no config of the checkout applies and root_markers are exercised.
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local story = dir .. '/story.txt'
  vim.fn.writefile(vim.fn.readfile(here .. '/story.txt'), story)
  vim.fn.writefile({
    '# copydesk defaults for the Neovim test, and a names file',
    '[names]',
    'files = ["names.toml"]',
    '[data]',
    'accept = ["accept.txt"]',
  }, dir .. '/copydesk.toml')
  local accept_list = dir .. '/accept.txt'
  -- The built-in place and organization, each given an off-house spelling.
  vim.fn.writefile({
    '[[place]]',
    'id = "kaesong"',
    'name = "Kaesong"',
    'kind = "city"',
    'country = "North Korea"',
    'variants = ["Gaeseong"]',
    '',
    '[[organization]]',
    'id = "kcna"',
    'name = "Korean Central News Agency"',
    'abbreviation = "KCNA"',
    'native = "조선중앙통신"',
    'kind = "news agency"',
    'variants = ["Korea Central News Agency"]',
  }, dir .. '/names.toml')

  -- The set-up users copy, loaded as they load it, with a setting a desk
  -- might choose (checked below: it must reach the server).
  vim.g.copydesk_settings = { rules = { ['repeated-word'] = 'error' } }
  dofile(repo .. '/editors/neovim/copydesk.lua')

  vim.cmd.edit(vim.fn.fnameescape(story))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype

  local client
  vim.wait(timeout_ms, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return client ~= nil and client.initialized
  end, 50)
  if not client then
    record('attach', false, 'no copydesk client attached to the story (filetype ' .. result.filetype .. ')')
    for _, name in ipairs({
      'diagnostics',
      'settings',
      'hover',
      'completion',
      'variants',
      'hover-place',
      'hover-organization',
      'completion-place',
      'completion-organization',
      'quick-fix',
      'word-list',
    }) do
      record(name, false, 'not run: no copydesk client')
    end
    return
  end
  record('attach', true, {
    cmd = client.config.cmd,
    root_dir = client.config.root_dir or client.root_dir,
    offset_encoding = client.offset_encoding,
  })
  local caps = client.server_capabilities or {}
  result.server = {
    hover = caps.hoverProvider ~= nil and caps.hoverProvider ~= false,
    completion = caps.completionProvider ~= nil,
    pull_diagnostics = caps.diagnosticProvider ~= nil,
  }

  -- (a) diagnostics arrive: a repeated-word finding from copydesk.
  local repeated
  vim.wait(timeout_ms, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if d.source == 'copydesk' and code == 'repeated-word' then
        repeated = d
        return true
      end
    end
    return false
  end, 50)
  if repeated then
    record('diagnostics', true, {
      line = repeated.lnum + 1,
      message = repeated.message,
      total = #vim.diagnostic.get(buf),
    })
    -- vim.g.copydesk_settings made repeated-word an error (default: warning).
    record('settings', repeated.severity == vim.diagnostic.severity.ERROR, {
      severity = vim.diagnostic.severity[repeated.severity],
      expected = 'ERROR',
    })
  else
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(seen, tostring(d.code) .. ': ' .. d.message)
    end
    record('diagnostics', false, { error = 'no repeated-word diagnostic from copydesk', seen = seen })
  end

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function find(text)
    for i, line in ipairs(lines) do
      local col = line:find(text, 1, true)
      if col then
        return i - 1, col - 1
      end
    end
  end
  local function position_params(row, col)
    vim.api.nvim_win_set_cursor(0, { row + 1, col })
    return vim.lsp.util.make_position_params(0, client.offset_encoding)
  end
  local function request(method, params)
    local response, request_err = client:request_sync(method, params, timeout_ms, buf)
    if not response then
      return nil, tostring(request_err)
    end
    if response.err then
      return nil, ('%s failed: %s (%s)'):format(method, response.err.message or '?', tostring(response.err.code))
    end
    return response.result
  end

  -- The text of the hover card at the cursor inside `name` (`offset`
  -- bytes in), or nil and why.
  local function hover_text(name, offset)
    local row, col = find(name)
    if not row then
      return nil, 'the fixture has no "' .. name .. '"'
    end
    local hover, hover_err = request('textDocument/hover', position_params(row, col + offset))
    local text = ''
    if hover and hover.contents then
      local contents = hover.contents
      if type(contents) == 'string' then
        text = contents
      elseif contents.value then
        text = contents.value
      else
        for _, part in ipairs(contents) do
          text = text .. '\n' .. (type(part) == 'string' and part or (part.value or ''))
        end
      end
    end
    return text, hover_err
  end

  -- (b) hover on an official's name (the cursor mid-name, on "Song"), a
  -- place and an organization (by its abbreviation).
  local hovers = {
    { check = 'hover', name = 'Han Song Ryol', offset = #'Han S', wants = { 'Han Song Ryol', '한성렬' } },
    { check = 'hover-place', name = 'Pyongyang', offset = 3, wants = { 'Pyongyang', 'capital city' } },
    {
      check = 'hover-organization',
      name = 'KCNA',
      offset = 1,
      wants = { 'Korean Central News Agency', '조선중앙통신' },
    },
  }
  for _, h in ipairs(hovers) do
    local text, hover_err = hover_text(h.name, h.offset)
    local missing = {}
    for _, want in ipairs(h.wants) do
      if not (text and text:find(want, 1, true)) then
        table.insert(missing, want)
      end
    end
    record(h.check, #missing == 0, { error = hover_err, missing = missing, card = text })
  end

  -- Variant findings for a person, a place and an organization.
  local variants = {}
  vim.wait(timeout_ms, function()
    variants = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if d.source == 'copydesk' and code == 'name-variant' then
        local line = lines[d.lnum + 1] or ''
        variants[line:sub(d.col + 1, d.end_col)] = d.message
      end
    end
    return variants['Korea Central News Agency'] ~= nil
  end, 50)
  local expected_variants = {
    ['Choi Sun-hee'] = 'Choe Son Hui',
    ['Gaeseong'] = 'Kaesong',
    ['Korea Central News Agency'] = 'Korean Central News Agency',
  }
  local variants_ok = true
  for written, house in pairs(expected_variants) do
    if not (variants[written] and variants[written]:find(house, 1, true)) then
      variants_ok = false
    end
  end
  record('variants', variants_ok, { found = variants })

  -- (c) completion at the end of a line that starts to type "Han So", and
  -- of a place and an organization.
  local function completion_check(check, typed, house)
    local typed_row
    for i, line in ipairs(lines) do
      if line == typed then
        typed_row = i - 1
      end
    end
    if not typed_row then
      return record(check, false, 'the fixture has no line "' .. typed .. '"')
    end
    local params = position_params(typed_row, #typed)
    params.context = { triggerKind = 1 }
    local completion, completion_err = request('textDocument/completion', params)
    local items = completion and (completion.items or completion) or {}
    local labels = {}
    local offered = false
    for _, item in ipairs(items) do
      local label = item.label or ''
      table.insert(labels, label)
      -- Offered: the label is the house spelling, or accepting the item
      -- turns the line into it.
      local accepted
      local edit = item.textEdit
      if edit then
        local range = edit.range or edit.insert
        local line = lines[typed_row + 1]
        accepted = line:sub(1, range.start.character) .. edit.newText .. line:sub(range['end'].character + 1)
      end
      if label == house or accepted == house or item.insertText == house then
        offered = true
      end
    end
    record(check, offered, { error = completion_err, labels = labels })
  end
  completion_check('completion', 'Han So', 'Han Song Ryol')
  completion_check('completion-place', 'Kaeso', 'Kaesong')
  completion_check('completion-organization', 'Korean Cen', 'Korean Central News Agency')

  -- (d) code actions as a user takes them: `vim.lsp.buf.code_action` with
  -- the cursor on the finding, applied by Neovim itself (`apply`, one
  -- action left by the filter).
  local function diagnostic_with(code, text)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ''
      local d_code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if d.source == 'copydesk' and d_code == code and line:sub(d.col + 1, d.end_col) == text then
        return d
      end
    end
  end
  local function take_action(d, title)
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        return (action.title or ''):find(title, 1, true) ~= nil
      end,
    })
  end

  -- The quick fix of the doubled name: the buffer reads right afterwards.
  local doubled = diagnostic_with('repeated-word', 'Victor Cha Victor Cha')
  if doubled then
    local row = doubled.lnum
    take_action(doubled, 'Remove')
    local fixed = vim.wait(timeout_ms, function()
      local line = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1] or ''
      return line:find('^Victor Cha, a former') ~= nil
    end, 50)
    record('quick-fix', fixed, { line = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1] })
  else
    record('quick-fix', false, 'no repeated-word diagnostic on "Victor Cha Victor Cha"')
  end

  -- "Add “zorbleck” to the newsroom's word list": Neovim applies the edit
  -- to the list (in a buffer), the user writes it, and the server -- told
  -- nothing by Neovim, which watches no files on Linux -- sees the list
  -- change and the finding goes.
  local unknown
  vim.wait(timeout_ms, function()
    unknown = diagnostic_with('spelling', 'zorbleck')
    return unknown ~= nil
  end, 50)
  if unknown then
    take_action(unknown, 'word list')
    local list_buf
    vim.wait(timeout_ms, function()
      list_buf = vim.fn.bufnr(accept_list)
      return list_buf > 0 and vim.api.nvim_buf_is_loaded(list_buf)
        and vim.tbl_contains(vim.api.nvim_buf_get_lines(list_buf, 0, -1, false), 'zorbleck')
    end, 50)
    if list_buf and list_buf > 0 then
      vim.api.nvim_buf_call(list_buf, function()
        vim.cmd('silent write')
      end)
    end
    local gone = vim.wait(timeout_ms, function()
      return diagnostic_with('spelling', 'zorbleck') == nil
    end, 100)
    local file = io.open(accept_list, 'r')
    local written = file and file:read('*a') or nil
    if file then
      file:close()
    end
    -- The word on a line of its own (Neovim may end the file with a blank
    -- line after the edit's newline: the list ignores blank lines).
    local listed = written ~= nil and ('\n' .. written):find('\nzorbleck\n', 1, true) ~= nil
    record('word-list', gone and listed, { list = written, finding_gone = gone })
  else
    record('word-list', false, 'no spelling diagnostic on "zorbleck"')
  end

  -- (e) accepting a completion, as a user does it: the keys go through
  -- Neovim's main loop (typeahead), so everything below runs from timers
  -- once this script has returned, and calls finish() itself.
  accept_checks = function(done)
    -- Show the menu even for one match, select the first item without
    -- inserting it: CTRL-Y then accepts exactly the first item.
    vim.o.completeopt = 'menuone,noinsert'
    -- No "-- INSERT --" or "The only match" on the terminal.
    vim.o.showmode = false
    vim.opt.shortmess:append('c')
    local cases = {
      { typed = 'Han So', expected = 'Han Song Ryol' },
      { typed = 'he met han so', expected = 'he met Han Song Ryol' },
      { typed = '(Gallu', expected = '(Robert L. Gallucci' },
    }
    local runs = {
      { name = 'omnifunc', keys = '<C-x><C-o>' },
      { name = 'lsp-completion', keys = '<Cmd>lua vim.lsp.completion.get()<CR>' },
    }
    local omnifunc = vim.bo[buf].omnifunc
    local queue = {}
    for _, run in ipairs(runs) do
      for _, case in ipairs(cases) do
        table.insert(queue, { run = run, case = case })
      end
    end

    -- Polls `cond` every 50 ms, then calls `next(true)`, or `next(false)`
    -- after the timeout. An error in `next` fails the test at once.
    local function poll(cond, next)
      local deadline = vim.uv.now() + timeout_ms
      local function tick()
        local ok_cond, met = pcall(cond)
        if ok_cond and met then
          guarded(next, true)
        elseif vim.uv.now() > deadline then
          guarded(next, false)
        else
          vim.defer_fn(tick, 50)
        end
      end
      vim.defer_fn(tick, 50)
    end
    local function feed(keys)
      vim.api.nvim_feedkeys(vim.keycode(keys), 'nt', false)
    end

    local step
    step = function(i)
      local job = queue[i]
      if not job then
        return done()
      end
      local name = ('accept-%s: %s'):format(job.run.name, job.case.typed)
      if job.run.name == 'lsp-completion' and i == 1 + #cases then
        vim.lsp.completion.enable(true, client.id, buf)
      end
      -- A fresh last line, the cursor on it, then type as a user would.
      vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '' })
      local row = vim.api.nvim_buf_line_count(buf)
      vim.api.nvim_win_set_cursor(0, { row, 0 })
      feed('A' .. job.case.typed .. job.run.keys)
      poll(function()
        return vim.fn.pumvisible() == 1
      end, function(shown)
        local info = vim.fn.complete_info({ 'items', 'selected' })
        local words = {}
        for _, item in ipairs(info.items or {}) do
          table.insert(words, item.word)
        end
        if not shown then
          feed('<Esc>')
          record(name, false, {
            error = 'no completion menu',
            omnifunc = omnifunc,
            line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1],
          })
          return vim.defer_fn(function()
            guarded(step, i + 1)
          end, 100)
        end
        feed('<C-y>')
        vim.defer_fn(function()
          guarded(feed, '<Esc>')
          poll(function()
            return vim.api.nvim_get_mode().mode == 'n'
          end, function()
            local line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1]
            record(name, line == job.case.expected, {
              line = line,
              expected = job.case.expected,
              words = words,
              omnifunc = omnifunc,
            })
            step(i + 1)
          end)
        end, 100)
      end)
    end
    step(1)
  end
end, debug.traceback)

if not ok then
  record('test-script', false, tostring(err))
  finish()
elseif accept_checks then
  guarded(accept_checks, finish)
else
  finish()
end
