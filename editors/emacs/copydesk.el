;;; copydesk.el --- copydesk, the news-copy checker, through eglot  -*- lexical-binding: t; -*-

;; Licence: MIT OR Apache-2.0, as copydesk.

;;; Commentary:

;; Runs the copydesk language server (`copydesk lsp') with eglot, the LSP
;; client built into Emacs 29 (on Emacs 28, install the `eglot' package):
;; diagnostics through Flymake, quick fixes (`eglot-code-actions'), "fix
;; all", hover cards (ElDoc) and completion of officials' names.
;;
;; Put this file in a folder on your `load-path' (e.g. ~/.emacs.d/lisp/) and
;; add to your init file:
;;
;;   (add-to-list 'load-path "~/.emacs.d/lisp")
;;   (require 'copydesk)
;;
;; or load it directly: (load "~/.emacs.d/lisp/copydesk.el").  It starts
;; copydesk by itself in plain-text and Markdown buffers (see
;; `copydesk-auto-start').  Settings, same schema as copydesk.toml and
;; overriding it key by key:
;;
;;   (setq-default eglot-workspace-configuration
;;                 '(:copydesk (:rules (:repeated-word "error"
;;                                      :courtesy-title "hint")
;;                              :style (:quotes "curly"))))
;;
;; or per project, in a .dir-locals.el at the project's root:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:copydesk (:style (:quotes "curly")))))))

;;; Code:

(require 'eglot)

(defgroup copydesk nil
  "The copydesk checker for news copy."
  :group 'tools
  :prefix "copydesk-")

(defcustom copydesk-program "copydesk"
  "The copydesk program: a name on `exec-path' or a full path."
  :type 'string)

(defcustom copydesk-auto-start t
  "Non-nil: start copydesk in plain-text and Markdown buffers visiting a file."
  :type 'boolean)

(defconst copydesk-fix-all-kind "source.fixAll.copydesk"
  "The code-action kind that applies every safe fix.")

(defun copydesk--contact (&optional _interactive)
  "The command eglot runs for copydesk."
  (list copydesk-program "lsp"))

;; Two entries, so that each kind of buffer gets its own language id (older
;; eglot keeps one language id per server).  `add-to-list' puts each in
;; front: Markdown ends up first, which matters because `markdown-mode'
;; derives from `text-mode'.
(add-to-list 'eglot-server-programs
             '((text-mode :language-id "plaintext") . copydesk--contact))
(add-to-list 'eglot-server-programs
             '(((markdown-mode :language-id "markdown")
                (gfm-mode :language-id "markdown")
                (markdown-ts-mode :language-id "markdown"))
               . copydesk--contact))

(defun copydesk--story-buffer-p ()
  "Non-nil in a buffer copydesk should check: plain text or Markdown."
  (or (derived-mode-p 'markdown-mode 'markdown-ts-mode)
      (eq major-mode 'text-mode)))

(defun copydesk-maybe-start ()
  "Start copydesk (eglot) in a plain-text or Markdown buffer visiting a file."
  (when (and copydesk-auto-start
             buffer-file-name
             (copydesk--story-buffer-p))
    (if (executable-find copydesk-program)
        (eglot-ensure)
      (message "copydesk: `%s' not found; install it (see the releases page) or set `copydesk-program'"
               copydesk-program))))

(add-hook 'text-mode-hook #'copydesk-maybe-start)
(add-hook 'markdown-mode-hook #'copydesk-maybe-start)

(defun copydesk-fix-all ()
  "Apply every safe copydesk fix in the buffer."
  (interactive)
  (eglot-code-actions (point-min) (point-max) copydesk-fix-all-kind t))

(provide 'copydesk)
;;; copydesk.el ends here
