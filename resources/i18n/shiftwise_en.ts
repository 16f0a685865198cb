<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DataPage</name>
    <message numerus="yes">
        <source>Remove {file} and its %Ln event(s) from the project? The models keep what they last trained until they are trained again.</source>
        <translation>
            <numerusform>Remove {file} and its %Ln event from the project? The models keep what they last trained until they are trained again.</numerusform>
            <numerusform>Remove {file} and its %Ln events from the project? The models keep what they last trained until they are trained again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Run(s) {ids} stopped unfinished when Shiftwise last closed: marked interrupted on the Runs page</source>
        <translation>
            <numerusform>Run {ids} stopped unfinished when Shiftwise last closed: marked interrupted on the Runs page</numerusform>
            <numerusform>Runs {ids} stopped unfinished when Shiftwise last closed: marked interrupted on the Runs page</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message numerus="yes">
        <source>Of the first %n row(s), {good} would be imported and {bad} rejected.</source>
        <translation>
            <numerusform>Of the first %n row, {good} would be imported and {bad} rejected.</numerusform>
            <numerusform>Of the first %n rows, {good} would be imported and {bad} rejected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) of the file cannot be read and will be rejected ({reasons}).</source>
        <translation>
            <numerusform>%n line of the file cannot be read and will be rejected ({reasons}).</numerusform>
            <numerusform>%n lines of the file cannot be read and will be rejected ({reasons}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln week(s)</source>
        <translation>
            <numerusform>%Ln week</numerusform>
            <numerusform>%Ln weeks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln month(s)</source>
        <translation>
            <numerusform>%Ln month</numerusform>
            <numerusform>%Ln months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n import(s)</source>
        <translation>
            <numerusform>in %n import</numerusform>
            <numerusform>in %n imports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import {file} and %n more</source>
        <translation>
            <numerusform>Import {file} and %n more</numerusform>
            <numerusform>Import {file} and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RejectsDialog</name>
    <message numerus="yes">
        <source>%Ln row(s) of {file} were not imported. Why: {reasons}. Fix them in the file and import it again, or leave them out.</source>
        <translation>
            <numerusform>%Ln row of {file} was not imported. Why: {reasons}. Fix it in the file and import it again, or leave it out.</numerusform>
            <numerusform>%Ln rows of {file} were not imported. Why: {reasons}. Fix them in the file and import it again, or leave them out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SqlTableView</name>
    <message numerus="yes">
        <source>%Ln+ row(s), counting…</source>
        <translation>
            <numerusform>%Ln+ row, counting…</numerusform>
            <numerusform>%Ln+ rows, counting…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
</context>
</TS>
