# PatchMon agent installer for Windows, served by PatchMon Cloud (GET /api/v1/hosts/install?os=windows).
# Run in an elevated PowerShell. The server fills in its URL and a single-use bootstrap token
# valid for five minutes; the token is exchanged for this host's API credentials, so the key
# never appears here.
$ErrorActionPreference = 'Stop'

$PatchmonServer = '__PATCHMON_SERVER__'
$BootstrapToken = '__BOOTSTRAP_TOKEN__'
$SkipSslVerify = [bool]::Parse('__SKIP_SSL_VERIFY__')
$UseCurl = [bool]::Parse('__USE_CURL__')
$InstallDir = Join-Path $env:ProgramFiles 'PatchMon'
$ConfigDir = Join-Path $env:ProgramData 'PatchMon'
$ServiceName = 'PatchMonAgent'

function Fail([string] $Message) {
    Write-Error "ERROR: $Message"
    exit 1
}

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Fail 'run this in an elevated PowerShell (Run as Administrator)'
}

[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
if ($SkipSslVerify) {
    [Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }
}

# The install command's arch= override; empty means detect it.
$Arch = '__ARCH__'
if (-not $Arch) {
    switch ($env:PROCESSOR_ARCHITECTURE) {
        'AMD64' { $Arch = 'amd64' }
        'ARM64' { $Arch = 'arm64' }
        default { Fail "unsupported architecture: $($env:PROCESSOR_ARCHITECTURE)" }
    }
}

Write-Host 'Exchanging the bootstrap token for API credentials...'
try {
    $credentials = Invoke-RestMethod -UseBasicParsing -Method Post -ContentType 'application/json' `
        -Body (@{ token = $BootstrapToken } | ConvertTo-Json) -Uri "$PatchmonServer/api/v1/hosts/bootstrap/exchange"
} catch {
    Fail 'the bootstrap token was refused (it is single-use and expires after 5 minutes): copy a fresh command'
}
if (-not $credentials.apiId -or -not $credentials.apiKey) {
    Fail 'unexpected answer from the bootstrap exchange'
}

Write-Host "Downloading patchmon-agent-windows-$Arch.exe..."
New-Item -ItemType Directory -Force -Path $InstallDir, (Join-Path $ConfigDir 'logs') | Out-Null
$binary = Join-Path $InstallDir 'patchmon-agent.exe'
$download = Join-Path $env:TEMP 'patchmon-agent.download'
$downloadUrl = "$PatchmonServer/api/v1/hosts/agent/download?os=windows&arch=$Arch"
# On AWS the server answers with a short-lived S3 link instead of the bytes. The link is
# followed by a second request, so the API key is never sent to another host.
if ($UseCurl) {
    $curlFlags = @('-sS', '-f')
    if ($SkipSslVerify) { $curlFlags += '-k' }
    $result = & curl.exe @curlFlags -H "X-API-ID: $($credentials.apiId)" -H "X-API-KEY: $($credentials.apiKey)" `
        -w '%{http_code} %{redirect_url}' -o $download $downloadUrl
    if ($LASTEXITCODE -ne 0) { Fail 'the agent download failed' }
    if ($result -match '^30[1237] (.+)$') {
        & curl.exe @curlFlags -o $download $Matches[1]
        if ($LASTEXITCODE -ne 0) { Fail 'the agent download failed' }
    }
} else {
    try {
        $response = Invoke-WebRequest -UseBasicParsing -Uri $downloadUrl -MaximumRedirection 0 -ErrorAction SilentlyContinue `
            -Headers @{ 'X-API-ID' = $credentials.apiId; 'X-API-KEY' = $credentials.apiKey }
        if (@(301, 302, 303, 307) -contains [int] $response.StatusCode) {
            Invoke-WebRequest -UseBasicParsing -Uri $response.Headers.Location -OutFile $download
        } elseif ([int] $response.StatusCode -eq 200) {
            [IO.File]::WriteAllBytes($download, $response.Content)
        } else {
            Fail "the agent download failed with HTTP $($response.StatusCode)"
        }
    } catch {
        Fail 'the agent download failed'
    }
}

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') {
    Stop-Service -Name $ServiceName -Force
}
Write-Host "Installing to $binary"
Move-Item -Force -Path $download -Destination $binary

Write-Host "Writing $ConfigDir\config.yml"
$config = @"
patchmon_server: "$PatchmonServer"
api_version: "v1"
credentials_file: "$($ConfigDir -replace '\\', '/')/credentials.yml"
log_file: "$($ConfigDir -replace '\\', '/')/logs/patchmon-agent.log"
log_level: "info"
skip_ssl_verify: $($SkipSslVerify.ToString().ToLower())
update_interval: 60
integrations:
  docker: false
  compliance:
    enabled: false
"@
Set-Content -Path (Join-Path $ConfigDir 'config.yml.tmp') -Value $config -Encoding UTF8
Move-Item -Force -Path (Join-Path $ConfigDir 'config.yml.tmp') -Destination (Join-Path $ConfigDir 'config.yml')

Write-Host "Writing $ConfigDir\credentials.yml"
$credentialsFile = Join-Path $ConfigDir 'credentials.yml'
Set-Content -Path $credentialsFile -Value "api_id: `"$($credentials.apiId)`"`napi_key: `"$($credentials.apiKey)`"" -Encoding UTF8
# Only SYSTEM and Administrators may read the key (the equivalent of mode 0600).
& icacls.exe $credentialsFile /inheritance:r /grant:r 'SYSTEM:F' 'Administrators:F' | Out-Null

Write-Host 'Starting patchmon-agent service'
if (-not $existing) {
    New-Service -Name $ServiceName -DisplayName 'PatchMon Agent' -StartupType Automatic `
        -BinaryPathName "`"$binary`" serve" | Out-Null
}
Start-Service -Name $ServiceName
& $binary ping
Write-Host 'PatchMon agent installed.'
