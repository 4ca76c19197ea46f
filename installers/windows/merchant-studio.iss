; Inno Setup 6 script: Merchant Studio for Windows, per user, no administrator rights.
; Built by .github/workflows/installers.yml (windows job) after PyInstaller:
;     iscc /DAppVersion=0.1.0 /DSourceDir=..\build\dist\merchant-studio installers\windows\merchant-studio.iss
; writes installers\dist\merchant-studio-VERSION-windows-x64-setup.exe
;
; - installs into %LOCALAPPDATA%\Programs\Merchant Studio (PrivilegesRequired=lowest): a shop PC
;   where the merchant is not an administrator installs it all the same;
; - Start-menu and (optional, ticked) desktop shortcuts, the app's icon, its version;
; - Chinese and English installer text (the language Windows uses, or the one picked);
; - the uninstaller removes the program only: the merchant's shows, settings and logs
;   (%LOCALAPPDATA%\MerchantStudio) stay unless they tick "also delete my data".

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\build\dist\merchant-studio"
#endif

[Setup]
AppId={{6E3C9B52-8D1F-4C3A-9A57-4F1E2B7D9C10}
AppName={cm:AppName}
AppVersion={#AppVersion}
AppVerName={cm:AppName} {#AppVersion}
AppPublisher=Merchant Studio
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Merchant Studio
DefaultDirName={autopf}\Merchant Studio
DefaultGroupName={cm:AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=merchant-studio-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\studio.ico
UninstallDisplayIcon={app}\studio.exe
UninstallDisplayName={cm:AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "zh"; MessagesFile: "ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh.AppName=商家直播工作台
en.AppName=Merchant Studio
zh.DeleteData=同时删除我的直播记录、设置和日志（%LOCALAPPDATA%\MerchantStudio）？%n%n选“否”会保留它们，重新安装后还能接着用。
en.DeleteData=Also delete my shows, settings and logs (%LOCALAPPDATA%\MerchantStudio)?%n%nChoose No to keep them for a later install.
zh.Launch=启动商家直播工作台
en.Launch=Start Merchant Studio

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppName}"; Filename: "{app}\studio.exe"
Name: "{group}\{cm:UninstallProgram,{cm:AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:AppName}"; Filename: "{app}\studio.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\studio.exe"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\MerchantStudio');
    if DirExists(DataDir) and (not UninstallSilent) then
      if MsgBox(CustomMessage('DeleteData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      begin
        DelTree(DataDir, True, True, True);
        RegDeleteKeyIncludingSubkeys(HKCU, 'Software\MerchantStudio');  { the window's settings }
      end;
  end;
end;
