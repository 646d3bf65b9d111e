-- copydesk for Neovim 0.11+: the copydesk language server on plain text and
-- Markdown (diagnostics, quick fixes, "fix all", hover cards, name
-- completion).
--
-- Use it from your config, unchanged:
--   dofile(vim.fn.expand('~/.config/nvim/copydesk.lua'))   -- or :source it
--
-- Optional, set before loading it:
--   vim.g.copydesk_cmd = '/path/to/copydesk'       -- the binary (default: copydesk on PATH)
--   vim.g.copydesk_settings = {                     -- same schema as copydesk.toml,
--     rules = { ['repeated-word'] = 'error' },      -- overriding it key by key
--     style = { quotes = 'curly' },
--   }
--
-- It also adds :CopydeskFixAll (apply every safe fix in the buffer).

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify('copydesk.lua needs Neovim 0.11 or newer (vim.lsp.config)', vim.log.levels.ERROR)
  return
end

local cmd = vim.g.copydesk_cmd
if cmd == nil or cmd == '' then
  cmd = { 'copydesk', 'lsp' }
elseif type(cmd) == 'string' then
  cmd = { vim.fn.expand(cmd), 'lsp' }
end

local settings = vim.g.copydesk_settings
if type(settings) ~= 'table' or next(settings) == nil then
  settings = vim.empty_dict()
end

if vim.fn.executable(cmd[1]) == 0 then
  vim.notify(
    ('copydesk: %q is not an executable on PATH. Download copydesk from the releases page '
      .. '(or `cargo install`), or set vim.g.copydesk_cmd to its path before loading copydesk.lua.'):format(cmd[1]),
    vim.log.levels.WARN
  )
end

vim.lsp.config('copydesk', {
  cmd = cmd,
  filetypes = { 'text', 'markdown' },
  root_markers = { 'copydesk.toml', '.copydesk.toml', '.git' },
  -- The server reads the `copydesk` tree from initializationOptions and from
  -- workspace/didChangeConfiguration (Neovim sends `settings` there).
  init_options = { copydesk = settings },
  settings = { copydesk = settings },
})
vim.lsp.enable('copydesk')

vim.api.nvim_create_user_command('CopydeskFixAll', function()
  vim.lsp.buf.code_action({
    context = { only = { 'source.fixAll.copydesk' }, diagnostics = {} },
    apply = true,
  })
end, { desc = 'copydesk: apply every safe fix in this buffer' })
