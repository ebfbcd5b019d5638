" hardconf.vim - a Vim compiler plugin: :make runs hardconf on the file and
" puts its findings in the quickfix list.  Copy it to
" ~/.vim/compiler/hardconf.vim, then :compiler hardconf (or, for every
" configuration file: autocmd BufRead *.config compiler hardconf).
"
" hardconf prints file:line:column: severity: message [ID], the column
" counted in characters (code points).  Vim's %c reads a byte index and %v a
" screen column (a tab is 8), so the list is read with %c and each column is
" then turned from characters into bytes in the line it points into.
if exists('current_compiler')
  finish
endif
let current_compiler = 'hardconf'
if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

" 'n' is a note: Vim 8.2.3017 and later show it as such.
CompilerSet makeprg=hardconf\ --quiet\ --color\ never\ --fail-on\ never\ %:S
CompilerSet errorformat=%f:%l:%c:\ %t%*[a-z]:\ %m

function! s:CharacterColumns() abort
  let l:list = getqflist()
  for l:e in l:list
    if l:e.valid && l:e.col > 1 && l:e.bufnr > 0
      call bufload(l:e.bufnr)
      let l:text = get(getbufline(l:e.bufnr, l:e.lnum), 0, '')
      " Code points, composing characters included, as hardconf counts.
      let l:byte = byteidxcomp(l:text, l:e.col - 1)
      if l:byte >= 0
        let l:e.col = l:byte + 1
      endif
    endif
  endfor
  call setqflist(l:list, 'r')
endfunction

augroup hardconf_columns
  autocmd!
  autocmd QuickFixCmdPost make if &l:makeprg =~# '^hardconf' | call s:CharacterColumns() | endif
augroup END
