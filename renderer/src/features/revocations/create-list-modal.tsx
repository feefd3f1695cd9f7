import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { StatusListInfo } from '#shared/status-list/managed'
import { statusListNamePattern } from '#shared/status-list/managed'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { WarningList } from '../../components/warning-list'
import { formatBytes } from '#shared/text/format-bytes'

const sizes = [
  { value: '1024', label: '1,024' },
  { value: '16384', label: '16,384' },
  { value: '65536', label: '65,536' },
  { value: '131072', label: '131,072' },
  { value: '1048576', label: '1,048,576' },
]

/**
 * Creates an empty status list (all VALID) for a key set: status-list:create. The name and uri are
 * checked as typed; sizes, ttl and lifetime again by main (durations as people write them: 1h, 1d).
 */
export function CreateListModal({
  set,
  onClose,
  onCreated,
}: {
  set: string
  onClose(): void
  onCreated(list: StatusListInfo): void
}) {
  const [name, setName] = useState('')
  const [uri, setUri] = useState('https://')
  const [bits, setBits] = useState('1')
  const [size, setSize] = useState<string | number>(65536)
  const [ttl, setTtl] = useState('1h')
  const [lifetime, setLifetime] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [created, setCreated] = useState<{
    list: StatusListInfo
    warnings: { code: string; message: string }[]
  } | null>(null)

  const nameError =
    name && !statusListNamePattern.test(name)
      ? '1–63 lower-case letters, digits, “.”, “_” or “-”, starting with a letter or digit'
      : undefined
  const uriError =
    uri && !/^https:\/\/[^\s]+$/.test(uri) && !/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(uri)
      ? 'a URI: where the list will be published (the token’s sub)'
      : undefined
  const ready = name && uri && !nameError && !uriError && typeof size === 'number'

  const submit = async () => {
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    try {
      const result = await call((api) =>
        api.statusList.create({
          name,
          set,
          uri,
          bits: Number(bits) as 1 | 2 | 4 | 8,
          size: size as number,
          ttl: ttl.trim() ? ttl.trim() : null,
          lifetime: lifetime.trim() || undefined,
        }),
      )
      if (result.warnings.length > 0) setCreated(result)
      else onCreated(result.list)
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
  return (
    <Modal opened onClose={onClose} title={`New status list in ${set}`} size="lg" data-testid="create-list-modal">
      {created ? (
        <Stack>
          <Text fz="sm">Created {created.list.name}.</Text>
          <WarningList warnings={created.warnings} />
          <Group justify="flex-end">
            <Button onClick={() => onCreated(created.list)}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <Stack gap="sm">
            <Text fz="xs" c="dimmed">
              An IETF Token Status List (draft-ietf-oauth-status-list): every index starts VALID; tokens get indexes at
              random when signed with this list.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={nameError}
                styles={mono}
                data-autofocus
                data-testid="list-name"
              />
              <Select
                label="Bits per status"
                data={[
                  { value: '1', label: '1 — valid / invalid' },
                  { value: '2', label: '2 — adds suspended' },
                  { value: '4', label: '4' },
                  { value: '8', label: '8' },
                ]}
                value={bits}
                onChange={(v) => v && setBits(v)}
                allowDeselect={false}
                data-testid="list-bits"
              />
            </SimpleGrid>
            <TextInput
              label="URI (the token’s sub: where it is published)"
              required
              value={uri}
              onChange={(e) => setUri(e.currentTarget.value)}
              error={uriError}
              styles={mono}
              data-testid="list-uri"
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Capacity (indexes)"
                data={sizes}
                value={String(size)}
                onChange={(v) => v && setSize(Number(v))}
                searchable={false}
                allowDeselect={false}
                data-testid="list-size"
              />
              <TextInput
                label="ttl (cache time)"
                description="empty leaves it out"
                value={ttl}
                onChange={(e) => setTtl(e.currentTarget.value)}
                styles={mono}
                data-testid="list-ttl"
              />
              <TextInput
                label="Token lifetime"
                description="iat → exp"
                placeholder="1d or the set’s max"
                value={lifetime}
                onChange={(e) => setLifetime(e.currentTarget.value)}
                styles={mono}
                data-testid="list-lifetime"
              />
            </SimpleGrid>
            {typeof size === 'number' && (
              <Text fz="xs" c="dimmed">
                {size.toLocaleString('en')} indexes × {bits} bit{bits === '1' ? '' : 's'} ={' '}
                {formatBytes((size * Number(bits)) / 8)} before compression.
              </Text>
            )}
            {error && <CallErrorAlert error={error} title="The list was not created" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={!ready} data-testid="list-create-submit">
                Create list
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
