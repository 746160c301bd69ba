# 一条命令安装 cpaudit（Windows PowerShell 5.1 或 PowerShell 7），之后在任何文件夹中都能直接输入 cpaudit。
#   在仓库文件夹中打开 PowerShell，运行：
#     powershell -ExecutionPolicy Bypass -File scripts\install.ps1
# 做的事：在 %LOCALAPPDATA%\cpaudit 中建一个独立的 Python 环境，装入 cpframework 和全部内置标准，
# 在 %LOCALAPPDATA%\cpaudit\bin 放一个 cpaudit 命令，并把该文件夹加入当前用户的 PATH。再次运行即更新。
# 可用环境变量改位置：CPAUDIT_HOME（环境所在文件夹）、PYTHON（解释器，如 C:\Python312\python.exe）。
# 本文件以 UTF-8 带 BOM 保存：Windows PowerShell 5.1 只有这样才能正确读出中文。
$ErrorActionPreference = 'Stop'
$Repo = Split-Path -Parent $PSScriptRoot
$HomeDir = if ($env:CPAUDIT_HOME) { $env:CPAUDIT_HOME } else { Join-Path $env:LOCALAPPDATA 'cpaudit' }
$Bin = Join-Path $HomeDir 'bin'
$Venv = Join-Path $HomeDir 'venv'

function Find-Python {
    if ($env:PYTHON) { return @($env:PYTHON) }
    if (Get-Command py -ErrorAction SilentlyContinue) { return @('py', '-3') }
    if (Get-Command python -ErrorAction SilentlyContinue) { return @('python') }
    return $null
}

$Py = Find-Python
if (-not $Py) {
    Write-Host '未找到 Python：请从 https://www.python.org/downloads/ 安装 Python 3.11 或更高版本（安装时勾选“Add python.exe to PATH”），然后重新运行本脚本。' -ForegroundColor Red
    exit 1
}
$PyExe = $Py[0]
$PyArgs = @($Py | Select-Object -Skip 1)
& $PyExe @PyArgs -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'
if ($LASTEXITCODE -ne 0) {
    Write-Host 'cpaudit 需要 Python 3.11 或更高版本：请从 https://www.python.org/downloads/ 安装新版本后重新运行。' -ForegroundColor Red
    exit 1
}

Write-Host "正在安装 cpaudit 到 $HomeDir（首次约需几分钟）…"
New-Item -ItemType Directory -Force -Path $Bin | Out-Null
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
if (-not (Test-Path $VenvPython)) {
    & $PyExe @PyArgs -m venv $Venv
    if ($LASTEXITCODE -ne 0) { Write-Host '无法创建 Python 环境。' -ForegroundColor Red; exit 1 }
}
& $VenvPython -m pip install --quiet --disable-pip-version-check --upgrade pip
$Packages = @($Repo) + @(Get-ChildItem -Directory (Join-Path $Repo 'plugins') | ForEach-Object { $_.FullName })
& $VenvPython -m pip install --quiet --disable-pip-version-check --upgrade @Packages
if ($LASTEXITCODE -ne 0) { Write-Host '安装失败：请查看上面的错误信息（常见原因：没有网络连接）。' -ForegroundColor Red; exit 1 }

# A small cpaudit.cmd in its own folder, so that only cpaudit (not the environment's python.exe) joins PATH.
$Exe = Join-Path $Venv 'Scripts\cpaudit.exe'
Set-Content -Path (Join-Path $Bin 'cpaudit.cmd') -Value "@echo off`r`n`"$Exe`" %*" -Encoding ASCII

$UserPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not $UserPath) { $UserPath = '' }
if (($UserPath -split ';') -notcontains $Bin) {
    [Environment]::SetEnvironmentVariable('Path', (($UserPath.TrimEnd(';') + ';' + $Bin).TrimStart(';')), 'User')
    $env:Path = "$env:Path;$Bin"
    $Added = $true
} else {
    $Added = $false
}

Write-Host ''
& $Exe doctor
Write-Host ''
Write-Host "安装完成：$Bin\cpaudit.cmd" -ForegroundColor Green
if ($Added) { Write-Host '已把它加入您的 PATH：请关闭并重新打开 PowerShell 或命令提示符窗口，之后在任何文件夹中都能输入 cpaudit。' }
Write-Host '下一步：  cpaudit standards                                   查看可用标准'
Write-Host '          cpaudit init 我的项目 -s park_cppc -n "某某经济开发区"  创建项目'
