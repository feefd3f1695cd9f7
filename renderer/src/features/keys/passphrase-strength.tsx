import { Group, Loader, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { estimatePassphraseStrength, strengthLevels, type PassphraseStrength } from '#shared/passphrase/strength'
import classes from './keys.module.css'

/**
 * The backup passphrase's strength as it is typed: zxcvbn's estimate against the attacker model the
 * main process applies before it writes a backup (so "acceptable" here is acceptable there). The
 * dictionaries load on first use, off the first paint.
 */
export function usePassphraseStrength(passphrase: string, userInputs: string[]): PassphraseStrength | null {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null)
  const inputsKey = userInputs.join('\u0000')
  useEffect(() => {
    let cancelled = false
    const timer = window.setTimeout(() => {
      estimatePassphraseStrength(passphrase, inputsKey ? inputsKey.split('\u0000') : []).then(
        (value) => !cancelled && setStrength(value),
        () => !cancelled && setStrength(null),
      )
    }, 120)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
    }
  }, [passphrase, inputsKey])
  return strength
}

const levelText = { weak: 'Weak', fair: 'Fair', good: 'Good', strong: 'Strong' } as const

export function PassphraseStrengthMeter({ strength, empty }: { strength: PassphraseStrength | null; empty: boolean }) {
  if (empty) return null
  if (!strength) {
    return (
      <Group gap={6}>
        <Loader size={12} />
        <Text fz="xs" c="dimmed">
          Estimating strength…
        </Text>
      </Group>
    )
  }
  const index = strengthLevels.indexOf(strength.level)
  return (
    <div
      data-testid="passphrase-strength"
      data-level={strength.level}
      data-acceptable={strength.acceptable || undefined}
    >
      <div className={classes.strength} aria-hidden>
        {strengthLevels.map((level, i) => (
          <span
            key={level}
            className={classes.strengthSegment}
            data-on={i <= index || undefined}
            data-level={strength.level}
          />
        ))}
      </div>
      <Group justify="space-between" mt={4} gap={8}>
        <Text fz="xs" fw={600} c={strength.acceptable ? 'teal' : 'red'}>
          {levelText[strength.level]}
          {strength.acceptable ? ' — acceptable for a backup' : ' — below the backup minimum'}
        </Text>
        <Text fz="xs" c="dimmed">
          {/^\d/.test(strength.crackTime) ? `about ${strength.crackTime}` : strength.crackTime} to guess
        </Text>
      </Group>
      {strength.warning && (
        <Text fz="xs" c="dimmed" mt={2}>
          {strength.warning}
        </Text>
      )}
      {!strength.acceptable &&
        strength.suggestions.map((suggestion) => (
          <Text fz="xs" c="dimmed" key={suggestion}>
            · {suggestion}
          </Text>
        ))}
    </div>
  )
}
