import { Group, Kbd, Modal, Table, Text } from '@mantine/core'
import type { ShortcutDescription } from './shortcuts'

export function ShortcutsDialog({
  opened,
  onClose,
  shortcuts,
}: {
  opened: boolean
  onClose: () => void
  shortcuts: ShortcutDescription[]
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Keyboard shortcuts"
      size="md"
      centered
      data-testid="shortcuts-dialog"
    >
      <Table verticalSpacing={6} horizontalSpacing="sm" fz="sm">
        <Table.Tbody>
          {shortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.label}>
              <Table.Td w={130}>
                <Group gap={4} wrap="nowrap">
                  {shortcut.keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 && (
                        <Text span fz="xs" c="dimmed" mr={4}>
                          +
                        </Text>
                      )}
                      <Kbd>{key}</Kbd>
                    </span>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{shortcut.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fz="xs" c="dimmed" mt="sm">
        Everything is also reachable with Tab and Shift+Tab; Enter or Space activates the focused control.
      </Text>
    </Modal>
  )
}
