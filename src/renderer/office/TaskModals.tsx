import { CameraOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Image, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../app/CancelWithReason.js';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/files.js';
import { LINK_KINDS, maySeeLinkKind, MAX_PHOTO_BYTES, MAX_PHOTO_MB, PHOTO_EXTENSIONS, RECURRENCES, TASK_FUNCTIONS, officeTaskAssign, officeTaskCancel, officeTaskComplete, officeTaskLinkOptions, officeTaskPhoto, type LinkKind, type Recurrence, type Task, type TaskFunction, type TaskPhoto, type TaskStandard } from '../../shared/office/tasks.js';
import { can as canHold } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import { staffList } from '../../shared/staff/contract.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { listText } from '../app/messages.js';
import { useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import { useUploadAction } from '../app/upload.js';
import { linkLabel, useTaskName } from './taskLabels.js';
import { isoDate } from '../app/formValues.js';

interface AssignValues {
  standardCode?: string;
  title?: string;
  function?: TaskFunction;
  assigneeId?: string;
  dueDate?: Dayjs;
  recurrence: Recurrence;
  note?: string;
}

export const AssignModal = ({ standard, onClose }: { standard: TaskStandard | undefined; onClose: () => void }) => {
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
          dueDate: isoDate(v.dueDate) ?? '',
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
          <Select data-testid="task-assignee" options={assignable.map((s) => ({ value: s.id, label: t('app.aside', { text: s.name, aside: t(`roles.${s.role}`) }) }))} />
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
export const PhotoLink = ({ task, photo }: { task: Task; photo: TaskPhoto }) => {
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
        {t('app.aside', { text: t('office.tasks.viewPhoto'), aside: listText(t, [photo.fileName, formatBytes(photo.size)]) })}
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
            {t('app.aside', { text: value.name, aside: formatBytes(value.size) })}
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

export const CompleteModal = ({ task, standard, onClose }: { task: Task; standard: TaskStandard | undefined; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
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
            options={(options.data ?? []).map((o) => ({ value: o.id, label: linkLabel(o, i18n.language) }))}
          />
        </Form.Item>
      </Flex>
    </ModalForm>
  );
};

export const CancelModal = ({ task, onClose }: { task: Task; onClose: () => void }) => {
  const { t } = useTranslation();
  const cancel = useAction(officeTaskCancel);
  return (
    <ReasonModal
      title={t('app.labelled', { label: t('office.tasks.cancel'), value: task.title })}
      testId="task-cancel-form"
      reasonLabel={t('office.tasks.cancelReason')}
      onClose={onClose}
      onConfirm={(reason) => cancel.mutateAsync({ id: task.id, version: task.version, reason })}
    />
  );
};
