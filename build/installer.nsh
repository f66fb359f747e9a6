; 明細コネクタ: what the Windows uninstaller does besides removing the program (electron-builder's
; nsis.include, inserted into its uninstall section as the customUnInstall macro). Saved as UTF-8
; with a BOM: NSIS reads an include without one in the build machine's ANSI code page, which would
; garble the Japanese question below.
;
; Skipped entirely during an update: electron-updater runs the old version's uninstaller with
; --updated before installing the new one, and an update must keep the login item and the data.

!macro customUnInstall
  ${ifNot} ${isUpdated}
    ; 「ログイン時に起動」: the value Electron's app.setLoginItemSettings writes on Windows, under
    ; HKCU\...\Run named by the app's AppUserModelID (set in lifecycle.ts, = appId), and its twin
    ; under StartupApproved\Run (Task Manager's enabled/disabled switch).
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "jp.meisai-connector.agent"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "jp.meisai-connector.agent"

    ; electron-updater's download cache: never data.
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\meisai-connector-updater"

    ; The data folders. Kept unless the person uninstalling says otherwise, or IT passes
    ; --delete-app-data to a silent uninstall: the history is the proof of what was sent.
    ClearErrors
    ${GetParameters} $R0
    ${GetOptions} $R0 "--delete-app-data" $R1
    ${if} ${Errors}
      MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON1 "明細コネクタのデータ（設定、APIトークン、実行履歴、ログ）を残しますか？$\r$\n$\r$\n実行履歴は、どのファイルをいつ楽楽明細へ送ったかの記録です。再インストールする場合や、記録を残しておく必要がある場合は「はい」を選んでください。$\r$\n$\r$\n「いいえ」を選ぶと、次のフォルダを削除します。$\r$\n$APPDATA\meisai-connector$\r$\n$LOCALAPPDATA\meisai-connector" /SD IDYES IDYES meisaiKeepData
    ${endIf}
    RMDir /r "$APPDATA\meisai-connector"
    RMDir /r "$LOCALAPPDATA\meisai-connector"
    meisaiKeepData:
  ${endIf}
!macroend
