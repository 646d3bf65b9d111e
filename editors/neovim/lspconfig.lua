-- copydesk for users of nvim-lspconfig (Neovim 0.10, or 0.11+ with the
-- lspconfig "configs" framework). On Neovim 0.11+ without nvim-lspconfig,
-- use copydesk.lua beside this file instead.
--
-- Use it from your config, unchanged, after nvim-lspconfig is loaded:
--   dofile(vim.fn.expand('~/.config/nvim/copydesk-lspconfig.lua'))
--
-- Optional, set before loading it:
--   vim.g.copydesk_cmd = '/path/to/copydesk'      -- the binary (default: copydesk on PATH)
--   vim.g.copydesk_settings = { rules = { ['repeated-word'] = 'error' } }  -- as copydesk.toml

local ok, lspconfig = pcall(require, 'lspconfig')
if not ok then
  vim.notify('copydesk: nvim-lspconfig is not installed; use editors/neovim/copydesk.lua instead', vim.log.levels.ERROR)
  return
end
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

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

if not configs.copydesk then
  configs.copydesk = {
    default_config = {
      cmd = cmd,
      filetypes = { 'text', 'markdown' },
      root_dir = util.root_pattern('copydesk.toml', '.copydesk.toml', '.git'),
      single_file_support = true,
      init_options = { copydesk = settings },
      settings = { copydesk = settings },
    },
    docs = {
      description = 'copydesk: a checker for news copy (`copydesk lsp`).',
    },
  }
end

lspconfig.copydesk.setup({})

vim.api.nvim_create_user_command('CopydeskFixAll', function()
  vim.lsp.buf.code_action({
    context = { only = { 'source.fixAll.copydesk' }, diagnostics = {} },
    apply = true,
  })
end, { desc = 'copydesk: apply every safe fix in this buffer' })
