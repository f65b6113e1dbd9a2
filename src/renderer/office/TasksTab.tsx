import { CameraOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, Flex, Form, Image, Input, Modal, Row, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/files.js';
import {
  LINK_KINDS,
  maySeeLinkKind,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_MB,
  PHOTO_EXTENSIONS,
  RECURRENCES,
  TASK_FUNCTIONS,
  officeTaskAssign,
  officeTaskCancel,
  officeTaskComplete,
  officeTaskLinkOptions,
  officeTaskList,
  officeTaskPhoto,
  officeTaskStandard,
  officeTaskStandardReplace,
  type LinkKind,
  type Recurrence,
  type Task,
  type TaskFunction,
  type TaskPhoto,
  type TaskStandard,
} from '../../shared/office/tasks.js';
import { can as canHold } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import { staffList } from '../../shared/staff/contract.js';
import type { InputOf } from '../../shared/method.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import { useUploadAction } from '../app/upload.js';

const FUNCTION_COLOR: Record<TaskFunction, string> = { population: 'blue', security: 'red', information: 'green', mediation: 'purple' };

/** A standard task's name in the language chosen (the code finds it in the list in force). */
const useTaskName = (standard: TaskStandard | undefined) => {
  const { i18n } = useTranslation();
  return (task: Pick<Task, 'standardCode' | 'title'>) => {
    const std = task.standardCode ? standard?.tasks.find((s) => s.code === task.standardCode) : undefined;
    return i18n.language === 'en' && std && std.zh === task.title ? std.en : task.title;
  };
};

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
  const { t } = useTranslation();
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
                    {t(`office.linkKinds.${task.evidenceLink.kind}`)}：{task.evidenceLink.label}
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

interface AssignValues {
  standardCode?: string;
  title?: string;
  function?: TaskFunction;
  assigneeId?: string;
  dueDate?: Dayjs;
  recurrence: Recurrence;
  note?: string;
}

const AssignModal = ({ standard, onClose }: { standard: TaskStandard | undefined; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
  const assign = useAction(officeTaskAssign);
  const staff = useMethod(staffList, {});
  // only those whose role has tasks can be given one (the core refuses anyone else)
  const assignable = (staff.data ?? []).filter((s) => s.active && canHold(s.role, 'office.tasks'));
  const en = i18n.language === 'en';
  return (
    <ModalForm<AssignValues>
      open
      title={t('office.tasks.assign')}
      form={form}
      testId="task-assign-form"
      width={640}
      initialValues={{ recurrence: 'none', dueDate: dayjs() }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await assign.mutateAsync({
          standardCode: v.standardCode ?? null,
          title: v.standardCode ? null : (v.title ?? null),
          function: v.standardCode ? null : (v.function ?? null),
          assigneeId: v.assigneeId ?? '',
          // a local calendar date: the day as the station sees it
          dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : '',
          recurrence: v.recurrence,
          note: v.note ?? null,
        });
        onClose();
      }}
    >
      <Form.Item name="standardCode" label={t('office.tasks.fromStandard')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="task-standard"
          onChange={(code: string | undefined) => {
            const std = standard?.tasks.find((s) => s.code === code);
            if (std) form.setFieldValue('recurrence', std.recurrence);
          }}
          options={TASK_FUNCTIONS.map((f) => ({
            label: t(`office.functions.${f}`),
            title: f,
            options: (standard?.tasks ?? []).filter((s) => s.function === f).map((s) => ({ value: s.code, label: `${s.code} ${en ? s.en : s.zh}` })),
          }))}
        />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item name="title" label={t('office.tasks.orTitle')} style={{ flex: 1 }}>
          <Input data-testid="task-title-input" />
        </Form.Item>
        <Form.Item name="function" label={t('office.tasks.function')} style={{ width: 160 }}>
          <Select allowClear options={TASK_FUNCTIONS.map((f) => ({ value: f, label: t(`office.functions.${f}`) }))} />
        </Form.Item>
      </Flex>
      <Flex gap={8}>
        <Form.Item name="assigneeId" label={t('office.tasks.assignee')} style={{ flex: 1 }}>
          <Select data-testid="task-assignee" options={assignable.map((s) => ({ value: s.id, label: `${s.name}（${t(`roles.${s.role}`)}）` }))} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('office.tasks.dueDate')}>
          <DatePicker data-testid="task-due" />
        </Form.Item>
        <Form.Item name="recurrence" label={t('office.tasks.recurrence')} style={{ width: 110 }}>
          <Select data-testid="task-recurrence" options={RECURRENCES.map((r) => ({ value: r, label: t(`office.recurrences.${r}`) }))} />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('office.tasks.note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </ModalForm>
  );
};

/** A photo a task was done with: opened on demand (the bytes are checked by the core, and the look is audited). */
const PhotoLink = ({ task, photo }: { task: Task; photo: TaskPhoto }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [src, setSrc] = useState<string | null>(null);
  const open = async () => {
    try {
      const content = await call(officeTaskPhoto, { id: task.id, photoId: photo.id });
      setSrc(`data:${content.mime};base64,${content.base64}`);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };
  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined />} style={{ padding: 0 }} onClick={() => void open()} data-testid="task-photo-open">
        {t('office.tasks.viewPhoto')}（{photo.fileName}，{formatBytes(photo.size)}）
      </Button>
      {src && (
        <Modal open title={photo.fileName} footer={null} onCancel={() => setSrc(null)} width={820}>
          <Image src={src} alt={photo.fileName} preview={false} style={{ maxWidth: '100%' }} data-testid="task-photo-preview" />
        </Modal>
      )}
    </>
  );
};

interface CompleteValues {
  note?: string;
  linkKind?: LinkKind;
  linkId?: string;
  /** the photo chosen, sent with the completion */
  content?: File;
}

/** Picks one photo for the form; nothing is read or sent until the form is submitted. */
const PhotoPicker = ({ value, onChange }: { value?: File; onChange?: (file: File | undefined) => void }) => {
  const { t } = useTranslation();
  return (
    <Space size={8} wrap>
      <Upload
        accept={PHOTO_EXTENSIONS.map((e) => `.${e}`).join(',')}
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          onChange?.(file);
          // the bytes go with the core's call, not antd's own request
          return false;
        }}
      >
        <Button icon={<CameraOutlined />} data-testid="task-photo-choose">
          {t('office.tasks.photoChoose')}
        </Button>
      </Upload>
      {value && (
        <>
          <Typography.Text data-testid="task-photo-name">
            {value.name}（{formatBytes(value.size)}）
          </Typography.Text>
          <Button size="small" type="link" onClick={() => onChange?.(undefined)}>
            {t('office.tasks.photoRemove')}
          </Button>
        </>
      )}
    </Space>
  );
};

/** The name's errors belong to the photo's field: the form shows one field for the file. */
const onPhotoField = (e: unknown) =>
  e instanceof AppError && e.fields ? new AppError({ ...e.toJSON(), fields: e.fields.map((f) => (f.field === 'fileName' ? { ...f, field: 'content' } : f)) }) : e;

const CompleteModal = ({ task, standard, onClose }: { task: Task; standard: TaskStandard | undefined; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useMe();
  const [form] = Form.useForm<CompleteValues>();
  const complete = useUploadAction(officeTaskComplete);
  const kind = Form.useWatch('linkKind', form);
  const [q, setQ] = useState('');
  const options = useMethod(officeTaskLinkOptions, { kind: kind ?? 'walkIn', q }, { enabled: Boolean(kind) });
  const name = useTaskName(standard);
  return (
    <ModalForm<CompleteValues>
      open
      title={t('office.tasks.completeTitle', { title: name(task) })}
      form={form}
      testId="task-complete-form"
      okText={t('office.tasks.complete')}
      onCancel={onClose}
      onSubmit={async (v) => {
        const photo = v.content;
        // the core refuses it too; saying so here spares reading a large file into memory first
        if (photo && photo.size > MAX_PHOTO_BYTES) {
          throw new AppError({ code: 'VALIDATION', key: 'fileTooLarge', field: 'content', params: { max: MAX_PHOTO_MB }, fields: [{ field: 'content', key: 'fileTooLarge', params: { max: MAX_PHOTO_MB } }] });
        }
        const fields = {
          id: task.id,
          version: task.version,
          note: v.note ?? null,
          link: v.linkKind && v.linkId ? { kind: v.linkKind, id: v.linkId } : null,
          ...(photo ? { fileName: photo.name } : {}),
        };
        const r = await complete.mutateAsync({ fields, content: photo ? new Uint8Array(await photo.arrayBuffer()) : null }).catch((e: unknown) => {
          throw onPhotoField(e);
        });
        if (r.next) void message.success(t('office.tasks.next', { date: r.next.dueDate }));
        onClose();
      }}
    >
      <Form.Item name="note" label={t('office.tasks.evidenceNote')}>
        <Input.TextArea rows={3} autoFocus data-testid="task-evidence-note" />
      </Form.Item>
      <Form.Item name="content" label={t('office.tasks.photo')} extra={t('office.tasks.photoHint', { max: MAX_PHOTO_MB })}>
        <PhotoPicker />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item name="linkKind" label={t('office.tasks.linkKind')} style={{ width: 160 }}>
          <Select allowClear onChange={() => form.setFieldValue('linkId', undefined)} options={LINK_KINDS.filter((k) => maySeeLinkKind(me.role as Role, k)).map((k) => ({ value: k, label: t(`office.linkKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name={['linkId']} label={t('office.tasks.link')} style={{ flex: 1 }}>
          <Select
            allowClear
            disabled={!kind}
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('office.tasks.linkSearch')}
            loading={options.isFetching}
            options={(options.data ?? []).map((o) => ({ value: o.id, label: o.label }))}
          />
        </Form.Item>
      </Flex>
    </ModalForm>
  );
};

const CancelModal = ({ task, onClose }: { task: Task; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const cancel = useAction(officeTaskCancel);
  return (
    <ModalForm<{ reason?: string }>
      open
      danger
      title={`${t('office.tasks.cancel')}：${task.title}`}
      form={form}
      testId="task-cancel-form"
      onCancel={onClose}
      onSubmit={async (v) => {
        await cancel.mutateAsync({ id: task.id, version: task.version, reason: v.reason ?? '' });
        onClose();
      }}
    >
      <Form.Item name="reason" label={t('office.tasks.cancelReason')}>
        <Input autoFocus />
      </Form.Item>
    </ModalForm>
  );
};

/** The standard in force, four functions side by side; the head applies a list HQ published. */
const StandardCard = ({ standard }: { standard: TaskStandard | undefined }) => {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const replace = useAction(officeTaskStandardReplace);
  const [error, setError] = useState<unknown>(null);
  if (!standard) return null;
  const en = i18n.language === 'en';
  const apply = async (file: File) => {
    setError(null);
    let list: unknown;
    try {
      list = JSON.parse(await file.text());
    } catch {
      setError(new AppError({ code: 'VALIDATION', key: 'invalid' }));
      void message.error(t('office.tasks.badFile'));
      return;
    }
    try {
      // the file is checked by the core like any published list: a wrong one names its field
      const r = await replace.mutateAsync(list as InputOf<typeof officeTaskStandardReplace>);
      void message.success(t('office.tasks.applied', { title: r.title }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Collapse
      items={[
        {
          key: 'standard',
          label: (
            <span data-testid="task-standard-info">
              {t('office.tasks.standard')}：
              {t('office.tasks.standardInfo', { title: en && standard.titleEn ? standard.titleEn : standard.title, source: t(`office.tasks.standardSource.${standard.source}`), date: standard.publishedAt })} ·{' '}
              {t('office.tasks.standardCount', { count: standard.tasks.length })}
            </span>
          ),
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
              {can(officeTaskStandardReplace) && (
                <label>
                  {t('office.tasks.applyList')}：{' '}
                  <input type="file" accept="application/json,.json" onChange={(e) => e.target.files?.[0] && void apply(e.target.files[0])} />
                </label>
              )}
              <Row gutter={[12, 12]}>
                {TASK_FUNCTIONS.map((f) => (
                  <Col xs={24} md={12} xl={6} key={f}>
                    <Card size="small" title={<Tag color={FUNCTION_COLOR[f]}>{t(`office.functions.${f}`)}</Tag>}>
                      <ol style={{ margin: 0, paddingLeft: 20 }}>
                        {standard.tasks
                          .filter((s) => s.function === f)
                          .map((s) => (
                            <li key={s.code}>
                              {en ? s.en : s.zh} <Typography.Text type="secondary">{s.recurrence !== 'none' ? `（${t(`office.recurrences.${s.recurrence}`)}）` : ''}</Typography.Text>
                            </li>
                          ))}
                      </ol>
                    </Card>
                  </Col>
                ))}
              </Row>
            </Space>
          ),
        },
      ]}
    />
  );
};
