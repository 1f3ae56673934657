; Inno Setup 6 script: the Windows installer of PlanDesk.
;
; Build the one-folder app first (installer/README.md), then on Windows:
;     iscc /DAppVersion=0.1.0 installer\plandesk.iss
; which writes installer\Output\PlanDesk-0.1.0-setup.exe.
;
; It installs dist\plandesk\ (plandesk-gui.exe windowed, plandesk.exe for the command line and
; --selftest), a Start-menu folder, an optional desktop icon and the .plandesk file association
; ("PlanDesk workspace"). Per machine when run as administrator, else for the current user.
; Uninstalling removes the program only: workspaces and their backups in the user's folders stay.
; Saved as UTF-8 with a byte-order mark so that the Thai texts below reach Windows intact.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\plandesk"
#endif
#define AppName "PlanDesk"
#define GuiExe "plandesk-gui.exe"
#define ProgId "PlanDesk.Workspace"

[Setup]
; The AppId ties upgrades and the uninstaller to this product: never change it.
AppId={{990D48A2-61BF-45C8-9B7B-1271FAF6BFC1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=กลุ่มพัฒนาระบบบริหาร (กพร.)
AppComments=แผนปฏิบัติการประจำปีงบประมาณ ตัวชี้วัด และคำรับรองการปฏิบัติราชการ
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile=..\resources\icons\plandesk.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=Output
OutputBaseFilename=PlanDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.AssociateFiles=Open .plandesk workspace files with PlanDesk
english.DemoShortcut=PlanDesk (demo workspace)
english.SelftestShortcut=PlanDesk self-test
english.LaunchNow=Start PlanDesk now

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "{cm:AssociateFiles}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: modules a new version no longer has must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "แผนปฏิบัติการ ตัวชี้วัด และคำรับรองการปฏิบัติราชการ"
Name: "{group}\{cm:DemoShortcut}"; Filename: "{app}\{#GuiExe}"; Parameters: "--demo"
Name: "{group}\{cm:SelftestShortcut}"; Filename: "{cmd}"; Parameters: "/k """"{app}\plandesk.exe"" --selftest"""; WorkingDir: "{app}"; IconFilename: "{app}\{#GuiExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; HKA is HKLM for a per-machine install and HKCU for a per-user one.
Root: HKA; Subkey: "Software\Classes\.plandesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.plandesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "PlanDesk workspace"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"",0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" --db ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".plandesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent
