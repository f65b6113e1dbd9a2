import { Alert, Button, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { officeTaskAssign, officeTaskList, officeTaskStandard, type Recurrence, type Task, type TaskFunction, type TaskStandard } from '../../shared/office/tasks.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { StandardCard } from './TaskStandardCard.js';
import { AssignModal, CancelModal, CompleteModal, PhotoLink } from './TaskModals.js';
import { FUNCTION_COLOR, linkLabel, useTaskName } from './taskLabels.js';

/** The standard task list: the tasks assigned from it, their completion with evidence, and the standard itself. */
export const TasksTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const head = can(officeTaskAssign);
  const [scope, setScope] = useState<'mine' | 'all'>(head ? 'all' : 'mine');
  const [status, setStatus] = useState<'open' | 'done' | 'cancelled' | 'all'>('open');
  const standard = useMethod(officeTaskStandard, {});
  const list = useMethod(officeTaskList, { scope, status });
  const [assigning, setAssigning] = useState(false);
  const [completing, setCompleting] = useState<Task | null>(null);
  const [cancelling, setCancelling] = useState<Task | null>(null);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Flex gap={12} wrap align="center">
        {head && (
          <Button type="primary" onClick={() => setAssigning(true)} data-testid="task-assign">
            {t('office.tasks.assign')}
          </Button>
        )}
        {head && (
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as 'mine' | 'all')}
            options={[
              { value: 'all', label: t('office.tasks.all') },
              { value: 'mine', label: t('office.tasks.mine') },
            ]}
          />
        )}
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data-testid="task-status-filter"
          options={(['open', 'done', 'cancelled', 'all'] as const).map((s) => ({ value: s, label: t(`office.taskStatuses.${s}`) }))}
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorText(t, list.error)} />}
      <TaskTable tasks={list.data ?? []} loading={list.isPending} standard={standard.data} onComplete={setCompleting} onCancel={head ? setCancelling : undefined} />
      <StandardCard standard={standard.data} />
      {assigning && <AssignModal standard={standard.data} onClose={() => setAssigning(false)} />}
      {completing && <CompleteModal task={completing} standard={standard.data} onClose={() => setCompleting(null)} />}
      {cancelling && <CancelModal task={cancelling} onClose={() => setCancelling(null)} />}
    </Space>
  );
};

const TaskTable = ({
  tasks,
  loading,
  standard,
  onComplete,
  onCancel,
}: {
  tasks: Task[];
  loading: boolean;
  standard: TaskStandard | undefined;
  onComplete: (t: Task) => void;
  onCancel?: (t: Task) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const name = useTaskName(standard);
  return (
    <Table<Task>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={tasks}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('office.tasks.none') }}
      data-testid="task-table"
      onRow={(task) => ({ 'data-testid': 'task-row', 'data-status': task.status, 'data-overdue': String(task.overdue) }) as React.HTMLAttributes<HTMLTableRowElement>}
      columns={[
        {
          title: t('office.tasks.dueDate'),
          dataIndex: 'dueDate',
          width: 130,
          render: (d: string, task) => (
            <Space size={4}>
              {d}
              {task.overdue && <Tag color="red">{t('office.tasks.overdue')}</Tag>}
              {task.doneLate && <Tag color="orange">{t('office.tasks.late')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('office.tasks.title'),
          key: 'title',
          render: (_, task) => (
            <Space orientation="vertical" size={0}>
              <span>
                {task.standardCode && <Typography.Text type="secondary">{task.standardCode} </Typography.Text>}
                <span data-testid="task-title">{name(task)}</span>
              </span>
              {task.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{task.note}</Typography.Text>}
            </Space>
          ),
        },
        { title: t('office.tasks.function'), dataIndex: 'function', width: 100, render: (f: TaskFunction) => <Tag color={FUNCTION_COLOR[f]}>{t(`office.functions.${f}`)}</Tag> },
        { title: t('office.tasks.assignee'), key: 'assignee', width: 90, render: (_, task) => task.assignee.name },
        { title: t('office.tasks.recurrence'), dataIndex: 'recurrence', width: 70, render: (r: Recurrence) => t(`office.recurrences.${r}`) },
        {
          title: t('office.tasks.evidence'),
          key: 'evidence',
          render: (_, task) =>
            task.status === 'done' ? (
              <Space orientation="vertical" size={0} data-testid="task-evidence">
                <span>{task.evidenceNote}</span>
                {task.evidenceLink && (
                  <Tag>
                    {t('app.labelled', { label: t(`office.linkKinds.${task.evidenceLink.kind}`), value: linkLabel(task.evidenceLink, i18n.language) })}
                  </Tag>
                )}
                {task.evidencePhotos.map((p) => (
                  <PhotoLink key={p.id} task={task} photo={p} />
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('office.tasks.doneBy', { name: task.doneBy ?? '', at: task.doneAt ? localDateTime(task.doneAt, me.timeZone) : '' })}
                </Typography.Text>
              </Space>
            ) : task.status === 'cancelled' ? (
              <Typography.Text type="secondary">{task.cancelReason}</Typography.Text>
            ) : null,
        },
        {
          title: t('office.tasks.status'),
          key: 'status',
          width: 150,
          render: (_, task) => (
            <Space size={4}>
              <Tag color={task.status === 'done' ? 'green' : task.status === 'cancelled' ? 'default' : 'blue'}>{t(`office.taskStatuses.${task.status}`)}</Tag>
              {task.status === 'open' && (task.assignee.id === me.staffId || can('office.assignTasks')) && (
                <Button size="small" type="primary" onClick={() => onComplete(task)} data-testid="task-complete">
                  {t('office.tasks.complete')}
                </Button>
              )}
              {task.status === 'open' && onCancel && (
                <Button size="small" onClick={() => onCancel(task)}>
                  {t('office.tasks.cancel')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
};
