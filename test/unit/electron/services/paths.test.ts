import { describe, expect, it } from 'vitest'
import { pathForPeople, resolveDataDir } from '#electron/services/paths'

describe('resolveDataDir', () => {
  const home = '/home/ada'
  it('prefers --data-dir, then SIGNET_DATA_DIR', () => {
    expect(resolveDataDir({ flag: '/tmp/a', env: { SIGNET_DATA_DIR: '/tmp/b' }, home })).toBe('/tmp/a')
    expect(resolveDataDir({ env: { SIGNET_DATA_DIR: '/tmp/b' }, home })).toBe('/tmp/b')
    expect(resolveDataDir({ flag: '  ', env: { SIGNET_DATA_DIR: ' ' }, home, platform: 'linux' })).toBe(
      '/home/ada/.config/Signet',
    )
  })
  it('uses the per-user application data directory of each platform', () => {
    expect(resolveDataDir({ env: {}, home, platform: 'linux' })).toBe('/home/ada/.config/Signet')
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x' }, home, platform: 'linux' })).toBe('/x/Signet')
    expect(resolveDataDir({ env: {}, home, platform: 'darwin' })).toBe('/home/ada/Library/Application Support/Signet')
    expect(resolveDataDir({ env: { APPDATA: 'C:/Users/ada/AppData/Roaming' }, home, platform: 'win32' })).toMatch(
      /Roaming.Signet$/,
    )
  })
})

describe('pathForPeople', () => {
  it('shows a path under the home directory as ~/…, and any other path unchanged', () => {
    expect(pathForPeople('/home/ada/.config/Signet', '/home/ada')).toBe('~/.config/Signet')
    expect(pathForPeople('/home/ada', '/home/ada')).toBe('~')
    expect(pathForPeople('/home/adam/.config/Signet', '/home/ada')).toBe('/home/adam/.config/Signet')
    expect(pathForPeople('/srv/signet', '/home/ada')).toBe('/srv/signet')
    expect(pathForPeople('/srv/signet', '')).toBe('/srv/signet')
  })
})
